-- Which engine ran each attempt of a job (several engines per operation,
-- ENGINES_FILE): one element per engine run, appended by the worker that
-- holds the job, {attempt, engine, kind, outcome, error_code, ms}.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS engine_runs jsonb NOT NULL DEFAULT '[]'::jsonb;
