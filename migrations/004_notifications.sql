-- Notifications: alert state (de-duplication, recovery) and the daily-summary guard.
-- Both are in Postgres so they survive restarts and are shared by replicas.

-- One row per alert key (e.g. "sync:douyin-life:123"). An alert is "open" while resolved_at
-- is null. last_sent_at is when a card was last delivered; a conditional UPDATE on it decides
-- which replica sends, so the same key is sent at most once per ALERT_REPEAT_MINUTES.
CREATE TABLE notify_alerts (
  key           text PRIMARY KEY,
  title         text        NOT NULL,
  message       text        NOT NULL,
  -- Start of the current failure episode (reset when a resolved key fails again).
  first_at      timestamptz NOT NULL,
  last_seen_at  timestamptz NOT NULL,
  -- Null: no card delivered yet for this episode (the next occurrence tries again).
  last_sent_at  timestamptz,
  -- Occurrences in this episode, sent or suppressed.
  count         integer     NOT NULL DEFAULT 1,
  sent_count    integer     NOT NULL DEFAULT 0,
  resolved_at   timestamptz
);
CREATE INDEX notify_alerts_open ON notify_alerts (last_seen_at DESC) WHERE resolved_at IS NULL;

-- One row per business day (Asia/Shanghai) whose scheduled summary was claimed: replicas all
-- fire the cron, the one whose INSERT … ON CONFLICT DO NOTHING returns a row sends it.
CREATE TABLE notify_daily_sent (
  day         date        PRIMARY KEY,
  claimed_at  timestamptz NOT NULL DEFAULT now(),
  -- claimed | sent | failed
  status      text        NOT NULL DEFAULT 'claimed',
  sent_at     timestamptz,
  detail      text
);
