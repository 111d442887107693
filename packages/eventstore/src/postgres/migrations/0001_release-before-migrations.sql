-- Up Migration
-- Every table the release before versioned migrations created, exactly as it created them
-- (the store on open, the API's accounts and drafts on start, the anchor table on first use).
-- IF NOT EXISTS throughout: on a database that release made, this migration adopts what is
-- there and creates only what that release had not made yet (the API's tables appear only once
-- an API started; `event_log_anchor` only once an anchor was saved).
--
-- JSON is stored as `text`, never `jsonb`: the hash covers the exact stored text, and jsonb
-- would reorder keys and drop whitespace.

-- The event log (`@duban/eventstore`).
CREATE SEQUENCE IF NOT EXISTS event_positions AS bigint;
CREATE TABLE IF NOT EXISTS events (
  position bigint PRIMARY KEY DEFAULT nextval('event_positions'),
  -- The writing transaction: readers stay below the oldest transaction still running.
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id text NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_version integer NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data text NOT NULL,
  metadata text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (stream_id, stream_version)
);
ALTER SEQUENCE event_positions OWNED BY events.position;
-- Idempotency: an append's command id and where its events are in their stream.
CREATE TABLE IF NOT EXISTS event_commands (
  command_id text PRIMARY KEY,
  stream_id text NOT NULL,
  first_version integer NOT NULL,
  event_count integer NOT NULL
);
CREATE TABLE IF NOT EXISTS event_checkpoints (
  name text PRIMARY KEY,
  position bigint NOT NULL
);
-- That release's own schema record: it refuses a database whose version is above 1.
CREATE TABLE IF NOT EXISTS event_store_schema (version integer NOT NULL);
INSERT INTO event_store_schema (version) SELECT 1 WHERE NOT EXISTS (SELECT FROM event_store_schema);

-- The log's anchor: one row, only ever moved forward.
CREATE TABLE IF NOT EXISTS event_log_anchor (
  id integer PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL,
  anchor text NOT NULL
);

-- Accounts, sessions (bearer tokens, cookies), the CSRF secret and sign-ins (`@duban/runtime`).
CREATE TABLE IF NOT EXISTS duban_users (
  id text PRIMARY KEY,
  display_name text NOT NULL,
  unit_id text NOT NULL,
  roles text NOT NULL,
  password_hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS duban_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES duban_users(id),
  kind text NOT NULL,
  expires_at bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS duban_secrets (name text PRIMARY KEY, value text NOT NULL);
CREATE INDEX IF NOT EXISTS duban_sessions_by_user ON duban_sessions (user_id);
CREATE TABLE IF NOT EXISTS duban_sign_ins (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL,
  ok boolean NOT NULL,
  failure text,
  ip text NOT NULL,
  via text NOT NULL,
  at text NOT NULL
);
CREATE INDEX IF NOT EXISTS duban_sign_ins_by_user ON duban_sign_ins (user_id, id);

-- Plan drafts (`@duban/runtime`).
CREATE TABLE IF NOT EXISTS duban_drafts (
  id text PRIMARY KEY,
  revision integer NOT NULL,
  source_text text NOT NULL,
  draft text NOT NULL,
  created_at text NOT NULL,
  confirmed_at text,
  confirmation text
);
