-- A saved batch_create keeps its outbox entries as two arrays (ids, versions) beside the exact
-- body, with the name of the record-key field it was written with. Each record's key and fields
-- hash are in the body already (that field, and the hash of the fields), so the writer derives
-- them on a replay instead of saving them twice: the save before each call sent PostgreSQL about
-- twice the body's bytes and parsed 500 JSON objects (docs/benchmarks.md, "Bitable mirror").
-- key_field is kept so a replay after the mapping's keyField changed still reads the keys.
-- A batch saved by an older version is converted here (its key field: the one holding its
-- first entry's key).
ALTER TABLE bitable_batches ADD COLUMN ids bigint[], ADD COLUMN versions integer[], ADD COLUMN key_field text;
UPDATE bitable_batches SET
  ids = ARRAY(SELECT (e ->> 'id')::bigint FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, n) ORDER BY n),
  versions = ARRAY(SELECT (e ->> 'version')::integer FROM jsonb_array_elements(items) WITH ORDINALITY AS x(e, n) ORDER BY n),
  key_field = coalesce(
    (SELECT f.key FROM json_each_text(records::json -> 0 -> 'fields') AS f WHERE f.value = items -> 0 ->> 'key' LIMIT 1),
    '记录键');
ALTER TABLE bitable_batches ALTER COLUMN ids SET NOT NULL, ALTER COLUMN versions SET NOT NULL,
  ALTER COLUMN key_field SET NOT NULL, DROP COLUMN items;

-- The index of the record map by (table_id, record_id) served no query: every lookup goes by
-- (mapping, record_key), and `--force`'s delete by record id filters one mapping's records. It
-- cost each mapped record a second index entry when its batch's outcome was saved (1.2 of 5.4 ms
-- per 500 records, measured on a 2-core machine).
DROP INDEX bitable_records_record;
