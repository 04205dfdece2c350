-- 小鹅通: what each written order costs PostgreSQL (issue #12's history backfill, docs/xiaoe.md).
--
-- raw_data as json, not jsonb, as 013 did for 抖音来客: the loader COPYs the payload as text and
-- PostgreSQL only validates it instead of building a JSONB tree of every order on every write.
-- Nothing queries it by key; a query that wants JSONB operators casts (raw_data::jsonb).
ALTER TABLE xiaoe_orders ALTER COLUMN raw_data TYPE json USING raw_data::json;

-- The welfare rows are derived: the refresh inserts them only by reading xiaoe_orders in the
-- same statement, and Tongbu never deletes an order. The foreign key checked each of them again,
-- one index probe per row (1.4 s of a 300,000-order first refresh).
ALTER TABLE xiaoe_welfare DROP CONSTRAINT xiaoe_welfare_order_id_fkey;

-- The day lists read only decisions made by the schedule (NOT historical); the history a first
-- run decides at once (nearly every row) no longer fills these two indexes.
DROP INDEX xiaoe_welfare_granted_on;
DROP INDEX xiaoe_welfare_revoked_on;
CREATE INDEX xiaoe_welfare_granted_on ON xiaoe_welfare (granted_on) WHERE NOT historical;
CREATE INDEX xiaoe_welfare_revoked_on ON xiaoe_welfare (revoked_on) WHERE NOT historical;
