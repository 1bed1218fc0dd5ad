-- Accounts: per-team limits, API keys, the credit ledger and shared rate-limit state.

-- NULL limits follow the server's defaults (config), so changing a default reaches every team that never set its own.
ALTER TABLE teams ADD COLUMN IF NOT EXISTS plan              text NOT NULL DEFAULT 'free';
ALTER TABLE teams ADD COLUMN IF NOT EXISTS rate_limit        double precision;
ALTER TABLE teams ADD COLUMN IF NOT EXISTS rate_burst        integer;
ALTER TABLE teams ADD COLUMN IF NOT EXISTS poll_rate_limit   double precision;
ALTER TABLE teams ADD COLUMN IF NOT EXISTS poll_rate_burst   integer;
ALTER TABLE teams ADD COLUMN IF NOT EXISTS concurrency_limit integer;

CREATE TABLE IF NOT EXISTS api_keys (
  id                   text PRIMARY KEY,
  team_id              text NOT NULL REFERENCES teams (id),
  name                 text NOT NULL,
  -- SHA-256 of the whole key; the key itself is never stored.
  key_hash             text NOT NULL UNIQUE,
  -- sk_ and six characters, to tell keys apart in lists.
  display_prefix       text NOT NULL,
  created_at           timestamptz NOT NULL DEFAULT now(),
  revoked_at           timestamptz,
  last_used_at         timestamptz,
  last_used_request_id text
);
CREATE INDEX IF NOT EXISTS api_keys_team ON api_keys (team_id, created_at);

-- Append-only. Each row carries the balance after it, written under the team
-- row's lock, so the balance is one indexed read and the history explains it.
CREATE TABLE IF NOT EXISTS credit_ledger (
  seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id            text NOT NULL UNIQUE,
  team_id       text NOT NULL REFERENCES teams (id),
  kind          text NOT NULL CHECK (kind IN ('grant', 'charge', 'refund')),
  amount        integer NOT NULL,
  balance_after integer NOT NULL,
  operation     text,
  job_id        text,
  key_id        text,
  request_id    text,
  note          text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS credit_ledger_team ON credit_ledger (team_id, seq DESC);
-- A job is charged once and refunded at most once, whatever races end it.
CREATE UNIQUE INDEX IF NOT EXISTS credit_ledger_job_kind ON credit_ledger (job_id, kind) WHERE job_id IS NOT NULL;

-- The concurrency check counts a team's unfinished jobs.
CREATE INDEX IF NOT EXISTS jobs_team_active ON jobs (team_id) WHERE status IN ('queued', 'processing');

-- GCRA rate-limit state (theoretical arrival time, epoch ms), shared by every server on this database.
CREATE TABLE IF NOT EXISTS rate_limits (
  bucket text PRIMARY KEY,
  tat_ms double precision NOT NULL
);
