-- Retention of the studio's images (garment, model and reference uploads): the retention sweep deletes an image's
-- file RETENTION after its upload and marks its row, which stays, so that a SKU keeps its classification, a task
-- its history, and an answer can say the picture is gone instead of linking to nothing.
ALTER TABLE studio_images ADD COLUMN IF NOT EXISTS purged_at timestamptz;
CREATE INDEX IF NOT EXISTS studio_images_unpurged ON studio_images (created_at) WHERE purged_at IS NULL;
