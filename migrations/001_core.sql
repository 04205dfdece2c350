-- Core engine tables: runs, checkpoints, per-stream cursors, scheduled tasks.

CREATE TABLE sync_runs (
  id            bigserial PRIMARY KEY,
  connector     text        NOT NULL,
  account       text        NOT NULL,
  -- schedule | cli | chat | api | retry
  trigger       text        NOT NULL,
  -- Same key = same window of the same connector/account/kind: a killed run is resumed under it.
  run_key       text        NOT NULL,
  window_from   timestamptz NOT NULL,
  window_to     timestamptz NOT NULL,
  -- running | succeeded | failed | aborted
  status        text        NOT NULL DEFAULT 'running',
  inserted      integer     NOT NULL DEFAULT 0,
  updated       integer     NOT NULL DEFAULT 0,
  unchanged     integer     NOT NULL DEFAULT 0,
  pages         integer     NOT NULL DEFAULT 0,
  slices_done   integer     NOT NULL DEFAULT 0,
  slices_total  integer     NOT NULL DEFAULT 0,
  error_code    text,
  error_message text,
  requested_by  text,
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX sync_runs_connector_started ON sync_runs (connector, started_at DESC);
CREATE INDEX sync_runs_key ON sync_runs (run_key, started_at DESC);
-- At most one live run per key, across replicas.
CREATE UNIQUE INDEX sync_runs_one_running ON sync_runs (run_key) WHERE status = 'running';

-- Last completed page per (run, stream, slice), written in the same transaction as that page's rows.
CREATE TABLE sync_checkpoints (
  run_id      bigint      NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  stream      text        NOT NULL,
  slice_from  timestamptz NOT NULL,
  slice_to    timestamptz NOT NULL,
  last_page   integer     NOT NULL DEFAULT 0,
  done        boolean     NOT NULL DEFAULT false,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, stream, slice_from)
);

-- The scheduled incremental cursor: the end of the last successful scheduled window.
-- Backfills never touch it. A schedule that was down longer than its lookback starts here.
CREATE TABLE sync_cursors (
  connector   text        NOT NULL,
  account     text        NOT NULL,
  synced_to   timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector, account)
);

-- Heartbeat and remote control of scheduled tasks (STOP/START by SQL, CLI or chat).
CREATE TABLE sync_tasks (
  name          text PRIMARY KEY,
  desired_state text        NOT NULL DEFAULT 'RUNNING' CHECK (desired_state IN ('RUNNING', 'STOPPED')),
  heartbeat_at  timestamptz,
  last_status   text,
  last_error    text,
  last_run_at   timestamptz,
  updated_by    text,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
