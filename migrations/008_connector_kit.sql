-- The connector kit: cursors per stream, the streams a run covers, and a rate budget shared by
-- every replica (follow-up requests under one app key).

-- A schedule runs some of a connector's streams; each stream keeps its own cursor.
ALTER TABLE sync_cursors ADD COLUMN stream text NOT NULL DEFAULT '';
-- Existing cursors were per connector, each of which had one stream: carried over to it.
UPDATE sync_cursors SET stream = 'orders' WHERE connector = 'douyin-life';
UPDATE sync_cursors SET stream = 'daily_report' WHERE connector = 'oceanengine-local';
ALTER TABLE sync_cursors DROP CONSTRAINT sync_cursors_pkey;
ALTER TABLE sync_cursors ADD PRIMARY KEY (connector, account, stream);

-- NULL: every stream of the connector; else the streams of the run's schedule (or derived:<name>).
ALTER TABLE sync_runs ADD COLUMN streams text[];

-- Calls made per key and second, across replicas (src/engine/rate-budget.ts).
CREATE UNLOGGED TABLE rate_budget (
  key     text   NOT NULL,
  second  bigint NOT NULL,
  used    integer NOT NULL,
  PRIMARY KEY (key, second)
);

-- A run whose owner died (SIGKILL, a lost host) is marked `interrupted` by whichever replica sees
-- it first, and resumed from its checkpoint; the history keeps how often and when.
ALTER TABLE sync_runs ADD COLUMN interruptions integer NOT NULL DEFAULT 0;
ALTER TABLE sync_runs ADD COLUMN last_interrupted_at timestamptz;
