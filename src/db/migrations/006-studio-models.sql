-- The studio's model gallery and poses (Huhu studio public API v1: /model, /model/image, /pose):
-- models of a program with searchable attributes; their images are studio_images of kind 'model'
-- with the model, style and the view and crop read from the pose; custom poses from reference photos.

CREATE TABLE IF NOT EXISTS studio_models (
  id         text PRIMARY KEY,
  program_id text NOT NULL REFERENCES studio_programs (id),
  name       text NOT NULL,
  model_type text,
  model_size text,
  -- ethnicity, age_range, hair_color, hair_style, skin_tone, eye_color: filtered case-insensitively
  attributes jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_models_program ON studio_models (program_id, id);

ALTER TABLE studio_images ADD COLUMN IF NOT EXISTS model_id text REFERENCES studio_models (id);
ALTER TABLE studio_images ADD COLUMN IF NOT EXISTS style_id text;
-- front_facing | back_facing and fullbody | head_half_cropped | top | bottom, NULL when no person was read
ALTER TABLE studio_images ADD COLUMN IF NOT EXISTS view_type text;
ALTER TABLE studio_images ADD COLUMN IF NOT EXISTS crop_type text;
CREATE INDEX IF NOT EXISTS studio_images_model ON studio_images (model_id, id) WHERE model_id IS NOT NULL;

-- A custom pose: the reference photo (a studio image of kind 'reference'), its keypoints and the prompt written from them.
CREATE TABLE IF NOT EXISTS studio_poses (
  id          text PRIMARY KEY,
  program_id  text NOT NULL REFERENCES studio_programs (id),
  title       text NOT NULL,
  prompt      text NOT NULL,
  prompt_type text,
  view_type   text,
  image_id    text NOT NULL REFERENCES studio_images (id),
  keypoints   jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS studio_poses_program ON studio_poses (program_id, id);
