-- Settings the server generates once and every process shares (signing secret).
CREATE TABLE IF NOT EXISTS settings (
  key        text PRIMARY KEY,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Teams own jobs and files. The accounts layer adds keys and credits; until
-- then the server runs as one local team.
CREATE TABLE IF NOT EXISTS teams (
  id             text PRIMARY KEY,
  name           text NOT NULL,
  webhook_secret text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS jobs (
  id                  text PRIMARY KEY,
  team_id             text NOT NULL REFERENCES teams (id),
  operation           text NOT NULL,
  status              text NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed', 'canceled')),
  priority            integer NOT NULL DEFAULT 0,
  input               jsonb NOT NULL,
  options             jsonb NOT NULL,
  output_format       text NOT NULL,
  metadata            jsonb,
  webhook_url         text,
  source              text NOT NULL DEFAULT 'native',
  result              jsonb,
  error               jsonb,
  progress            integer NOT NULL DEFAULT 0,
  stage_timings       jsonb NOT NULL DEFAULT '{}'::jsonb,
  attempts            integer NOT NULL DEFAULT 0,
  max_attempts        integer NOT NULL,
  run_at              timestamptz NOT NULL DEFAULT now(),
  locked_by           text,
  lease_expires_at    timestamptz,
  heartbeat_at        timestamptz,
  cancel_requested_at timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  started_at          timestamptz,
  finished_at         timestamptz,
  purged_at           timestamptz
);

-- The claim query: oldest runnable queued job first.
CREATE INDEX IF NOT EXISTS jobs_claimable ON jobs (priority, run_at) WHERE status = 'queued';
-- Newest-first listing per team; the id is time-ordered and is the cursor.
CREATE INDEX IF NOT EXISTS jobs_team_id ON jobs (team_id, id DESC);
-- The maintenance loop's scan for dead workers.
CREATE INDEX IF NOT EXISTS jobs_leases ON jobs (lease_expires_at) WHERE status = 'processing';
-- The retention sweeper.
CREATE INDEX IF NOT EXISTS jobs_unpurged ON jobs (finished_at) WHERE purged_at IS NULL AND finished_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS idempotency_keys (
  team_id         text NOT NULL,
  key             text NOT NULL,
  fingerprint     text NOT NULL,
  state           text NOT NULL CHECK (state IN ('processing', 'done')),
  job_id          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (team_id, key)
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id              text PRIMARY KEY,
  job_id          text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  team_id         text NOT NULL,
  url             text NOT NULL,
  event           text NOT NULL,
  payload         text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_job ON webhook_deliveries (job_id);

CREATE TABLE IF NOT EXISTS webhook_attempts (
  id              text PRIMARY KEY,
  delivery_id     text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt         integer NOT NULL,
  started_at      timestamptz NOT NULL,
  duration_ms     integer NOT NULL,
  response_status integer,
  error           text,
  succeeded       boolean NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
