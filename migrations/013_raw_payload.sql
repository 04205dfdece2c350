-- 抖音来客 raw payloads as json, not jsonb: the loader COPYs them as text and PostgreSQL only
-- validates them, instead of building a JSONB tree of every order on every write (about a third
-- of the database's CPU per order, docs/benchmarks.md). Nothing queries raw_data by key or
-- index; a query that wants JSONB operators casts (raw_data::jsonb). Rows written before keep
-- JSONB's spelling of their payload; the loader compares json as JSONB where the texts differ, so
-- they do not count as changed on the next sync.
ALTER TABLE douyin_life_orders ALTER COLUMN raw_data TYPE json USING raw_data::json;
