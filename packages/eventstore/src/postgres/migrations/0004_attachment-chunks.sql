-- Up Migration
-- Evidence files are kept in chunks of at most 1 MiB (issue 16): a chunk row per MiB under the
-- file's row, written in one transaction and read back one chunk per query, so no API process
-- holds a 20 MB file whole to store or to serve it (see postgres-attachment-store.ts). A row of
-- duban_attachments now says a file is stored whole: it commits with its chunks or not at all.
-- The files stored whole in `bytes` by migration 0003 are split here, inside the server: their
-- bytes never pass through a Duban process.
CREATE TABLE IF NOT EXISTS duban_attachment_chunks (
  sha256 text NOT NULL REFERENCES duban_attachments (sha256) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  bytes bytea NOT NULL CHECK (octet_length(bytes) BETWEEN 1 AND 1048576),
  PRIMARY KEY (sha256, seq)
);
INSERT INTO duban_attachment_chunks (sha256, seq, bytes)
  SELECT a.sha256, s.seq, substring(a.bytes FROM s.seq * 1048576 + 1 FOR 1048576)
  FROM duban_attachments a, generate_series(0, (octet_length(a.bytes) - 1) / 1048576) AS s(seq)
  WHERE octet_length(a.bytes) > 0;
ALTER TABLE duban_attachments DROP COLUMN bytes;
UPDATE event_store_schema SET version = 4;
