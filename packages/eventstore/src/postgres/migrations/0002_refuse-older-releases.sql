-- Up Migration
-- From here on `duban_migrations` (node-pg-migrate's) records the schema. `event_store_schema`
-- stays as the guard the release before migrations reads: it refuses to open a database whose
-- version is above the one it knows (1), instead of running its CREATE TABLE IF NOT EXISTS on
-- tables a later migration changed. Every later migration ends by setting it to its own number.
COMMENT ON TABLE event_store_schema IS
  'the number of the last migration run (see duban_migrations); releases before versioned migrations refuse a version above 1';
UPDATE event_store_schema SET version = 2;
