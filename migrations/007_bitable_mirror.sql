-- Bitable mirror (docs/bitable-mirror.md). PostgreSQL stays the source of truth; these tables
-- remember what still has to reach Bitable and what already did.

-- Rows to mirror, queued by the loader in the same transaction as the upsert (one entry per
-- mapping + record key: several changes of a row coalesce; `version` tells the writer whether
-- the row changed again while it was writing, so a newer change is never dropped).
CREATE TABLE bitable_outbox (
  id              bigserial PRIMARY KEY,
  mapping         text        NOT NULL,
  -- The primary-key values joined with '|', as written to the record-key field in Bitable.
  record_key      text        NOT NULL,
  -- The primary-key values as JSON, to find the row again.
  keys            jsonb       NOT NULL,
  version         integer     NOT NULL DEFAULT 1,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- Parked: the table is full (1254103); retried once per BITABLE_PARK_MINUTES, not in a loop.
  parked          boolean     NOT NULL DEFAULT false,
  last_error      text,
  enqueued_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mapping, record_key)
);
CREATE INDEX bitable_outbox_due ON bitable_outbox (mapping, id) INCLUDE (next_attempt_at);

-- Record key → Bitable record id, and the hash of the fields last written (unchanged rows cost no call).
CREATE TABLE bitable_records (
  mapping     text        NOT NULL,
  record_key  text        NOT NULL,
  table_id    text        NOT NULL,
  record_id   text        NOT NULL,
  fields_hash text        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (mapping, record_key)
);
CREATE INDEX bitable_records_record ON bitable_records (table_id, record_id);

-- A batch_create about to be sent, saved BEFORE the call with its client_token and exact body.
-- After a crash the writer replays it with the same token, and Bitable answers with the records
-- it already created instead of adding them again (see docs/bitable-mirror.md, "exactly once").
CREATE TABLE bitable_batches (
  client_token text PRIMARY KEY,
  mapping      text        NOT NULL,
  table_id     text        NOT NULL,
  -- [{id, version, key, hash}] of the outbox entries in this batch, in record order.
  items        jsonb       NOT NULL,
  -- The `records` array sent to batch_create, as the exact JSON text sent (jsonb would reorder
  -- keys, and the platform answers 1255006 to a client_token replayed with another body).
  records      text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bitable_batches_mapping ON bitable_batches (mapping, created_at);
