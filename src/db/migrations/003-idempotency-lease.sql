-- An Idempotency-Key being accepted is held by its request through a short
-- lease the request renews while it works (fetching and vetting images), and
-- by an owner token so that only that request completes or frees it. A
-- processing row whose lease has lapsed belongs to a request that died (a
-- crash, kill -9): the next request with the key takes it over. Rows written
-- before this migration have no lease and count as lapsed.
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS owner text;
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS lease_expires_at timestamptz;
