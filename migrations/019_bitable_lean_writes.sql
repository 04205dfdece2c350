-- A saved batch_create keeps its outbox entries as two arrays (ids, versions) beside the exact
-- body. Each record's key and fields hash are in the body already (the record-key field, and the
-- hash of the fields), so the writer derives them on a replay instead of saving them twice: the
-- save before each call sent PostgreSQL about twice the body's bytes and parsed 500 JSON objects
-- (docs/benchmarks.md, "Bitable mirror"). A batch saved by an older version is converted here.
-- ids and versions: the outbox entries written, in record order.
ALTER TABLE bitable_batches ADD COLUMN ids bigint[], ADD COLUMN versions integer[];
UPDATE bitable_batches SET
  ids = ARRAY(SELECT (e ->> 'id')::bigint FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, n) ORDER BY n),
  versions = ARRAY(SELECT (e ->> 'version')::integer FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, n) ORDER BY n);
ALTER TABLE bitable_batches ALTER COLUMN ids SET NOT NULL, ALTER COLUMN versions SET NOT NULL, DROP COLUMN items;

-- The index of the record map by (table_id, record_id) served no query: every lookup goes by
-- (mapping, record_key), and `--force`'s delete by record id filters one mapping's records. It
-- cost each mapped record a second index entry when its batch's outcome was saved (1.2 of 5.4 ms
-- per 500 records, measured on a 2-core machine).
DROP INDEX bitable_records_record;
