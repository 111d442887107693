-- Up Migration
-- Accounts can be disabled (account events, issue 18), and reports carry evidence files kept
-- content-addressed in the server store (issue 15), shared by every API process.
ALTER TABLE duban_users ADD COLUMN IF NOT EXISTS disabled boolean NOT NULL DEFAULT false;
CREATE TABLE IF NOT EXISTS duban_attachments (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  bytes bytea NOT NULL,
  size integer NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now()
);
UPDATE event_store_schema SET version = 3;
