-- raw_excel as json, not jsonb (as 013 did for 抖音来客 payloads): an import COPYs each row's
-- raw cells as JSON text, and PostgreSQL now only validates it instead of building a JSONB tree
-- of every row on every write. Measured on a 100k-row 售卖明细 (docs/benchmarks.md#excel): the
-- COPY into staging fell from about 9 to 5 µs of server CPU per row, the upsert from about 22 to
-- 16. The import writes each row's JSON in one fixed spelling (keys in column order, no spaces),
-- so comparing the texts decides "unchanged"; where the texts differ it compares them as JSONB,
-- so rows written before (JSONB's spelling) do not count as changed on the next import.
--
-- `->`, `->>`, `#>`, `#>>` work on json as on jsonb. The key tests (`?`, `?|`, `?&`) and
-- containment (`@>`) exist for jsonb only; they are defined here for json through a cast, so
-- queries written against the jsonb column (`raw_excel ? '增量宝佣金'`) keep working. A query
-- that wants an index or other jsonb operators casts (raw_excel::jsonb).
ALTER TABLE orders_excel ALTER COLUMN raw_excel TYPE json USING raw_excel::json;
ALTER TABLE travel_bookings ALTER COLUMN raw_excel TYPE json USING raw_excel::json;

CREATE FUNCTION tongbu_json_has_key(json, text) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1::jsonb ? $2';
CREATE FUNCTION tongbu_json_has_any_key(json, text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1::jsonb ?| $2';
CREATE FUNCTION tongbu_json_has_all_keys(json, text[]) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1::jsonb ?& $2';
CREATE FUNCTION tongbu_json_contains(json, jsonb) RETURNS boolean
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS 'SELECT $1::jsonb @> $2';

CREATE OPERATOR ? (LEFTARG = json, RIGHTARG = text, FUNCTION = tongbu_json_has_key);
CREATE OPERATOR ?| (LEFTARG = json, RIGHTARG = text[], FUNCTION = tongbu_json_has_any_key);
CREATE OPERATOR ?& (LEFTARG = json, RIGHTARG = text[], FUNCTION = tongbu_json_has_all_keys);
CREATE OPERATOR @> (LEFTARG = json, RIGHTARG = jsonb, FUNCTION = tongbu_json_contains);
