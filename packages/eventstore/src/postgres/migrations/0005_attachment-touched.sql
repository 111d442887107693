-- Up Migration
-- When an evidence file was last stored or checked by a report about to cite it: the sweep of
-- files no event cites deletes only those untouched for a long while, and deletes a row only if
-- it is still untouched then (runtime's attachments/sweep.ts), so it never takes a file from under
-- a report that is being written. Files stored before count as touched now: the first sweep
-- after the upgrade waits its whole grace before it may take any of them.
ALTER TABLE duban_attachments ADD COLUMN IF NOT EXISTS touched_at timestamptz NOT NULL DEFAULT now();
UPDATE event_store_schema SET version = 5;
