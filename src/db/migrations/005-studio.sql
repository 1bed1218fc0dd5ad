-- The studio catalogue (Huhu studio public API v1): programs of a team, shared
-- with other teams; projects of a program; SKUs and their images; tasks and
-- the jobs that ran them; zip uploads in progress.

CREATE TABLE IF NOT EXISTS studio_programs (
  id         text PRIMARY KEY,
  team_id    text NOT NULL REFERENCES teams (id),
  name       text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One default program per team, made on the team's first studio request: racing requests insert one.
CREATE UNIQUE INDEX IF NOT EXISTS studio_programs_default ON studio_programs (team_id) WHERE is_default;
CREATE INDEX IF NOT EXISTS studio_programs_team ON studio_programs (team_id, id);

-- Another team that may read a program (its owner alone writes).
CREATE TABLE IF NOT EXISTS studio_program_shares (
  program_id text NOT NULL REFERENCES studio_programs (id),
  team_id    text NOT NULL REFERENCES teams (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (program_id, team_id)
);
CREATE INDEX IF NOT EXISTS studio_program_shares_team ON studio_program_shares (team_id);

CREATE TABLE IF NOT EXISTS studio_projects (
  id         text PRIMARY KEY,
  program_id text NOT NULL REFERENCES studio_programs (id),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_projects_program ON studio_projects (program_id, id);

CREATE TABLE IF NOT EXISTS studio_skus (
  id           text PRIMARY KEY,
  project_id   text NOT NULL REFERENCES studio_projects (id),
  name         text NOT NULL,
  -- Set by PUT /sku, else derived from its garment images.
  garment_type text,
  model_id     text,
  style_id     text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_skus_project ON studio_skus (project_id, id);

-- Images a program holds: garment photos of SKUs (classified), model and reference photos.
CREATE TABLE IF NOT EXISTS studio_images (
  id             text PRIMARY KEY,
  program_id     text NOT NULL REFERENCES studio_programs (id),
  project_id     text REFERENCES studio_projects (id),
  sku_id         text REFERENCES studio_skus (id),
  kind           text NOT NULL CHECK (kind IN ('garment', 'model', 'reference')),
  blob_key       text NOT NULL,
  format         text NOT NULL,
  width          integer NOT NULL,
  height         integer NOT NULL,
  -- Garments: the classification (type, view, presentation) and its confidences and reasons.
  garment_type   text,
  view           text,
  presentation   text,
  classification jsonb,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_images_sku ON studio_images (sku_id) WHERE sku_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS studio_images_project ON studio_images (project_id, id);

CREATE TABLE IF NOT EXISTS studio_tasks (
  id                text PRIMARY KEY,
  project_id        text NOT NULL REFERENCES studio_projects (id),
  sku_id            text NOT NULL REFERENCES studio_skus (id),
  view              text NOT NULL CHECK (view IN ('front', 'back')),
  garment_image_ids jsonb NOT NULL,
  model_id          text,
  model_image_id    text REFERENCES studio_images (id),
  -- The latest generation's job; NULL until the task is generated.
  job_id            text REFERENCES jobs (id),
  num_outputs       integer,
  prompt            text,
  -- Distinct output images of the latest job, counted once it completed.
  distinct_outputs  integer,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_tasks_sku ON studio_tasks (sku_id, id);
CREATE INDEX IF NOT EXISTS studio_tasks_project ON studio_tasks (project_id);

-- Every job a task ran: the program its credits are reported under.
CREATE TABLE IF NOT EXISTS studio_task_runs (
  job_id     text PRIMARY KEY REFERENCES jobs (id),
  task_id    text NOT NULL REFERENCES studio_tasks (id),
  program_id text NOT NULL REFERENCES studio_programs (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_task_runs_program ON studio_task_runs (program_id);

-- A SKU zip being uploaded in parts: open until complete_multipart_upload unpacks it.
CREATE TABLE IF NOT EXISTS studio_uploads (
  id           text PRIMARY KEY,
  program_id   text NOT NULL REFERENCES studio_programs (id),
  project_id   text NOT NULL REFERENCES studio_projects (id),
  blob_key     text NOT NULL,
  -- The S3 multipart upload's id when the store is S3; NULL for the folder store's own part uploads.
  s3_upload_id text,
  file_size    bigint NOT NULL,
  -- the largest part accepted, bytes
  part_size    integer NOT NULL,
  part_count   integer NOT NULL,
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completing', 'completed', 'failed')),
  error        text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_uploads_project ON studio_uploads (project_id) WHERE status IN ('open', 'completing');
