-- A task the studio refused to run without making a job (a back-view garment on a model image that faces the
-- camera, or the reverse): the reason, {code, message}, shown as "Generation failed" with its error. NULL when the
-- task's latest generation was submitted (its job tells its status) or it was never generated.
ALTER TABLE studio_tasks ADD COLUMN IF NOT EXISTS refusal jsonb;
