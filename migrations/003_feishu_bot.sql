-- The Feishu bot: event dedup and the monthly API call count.

-- Each received event is handled once, across restarts and replicas: the handler inserts its
-- keys (event_id:<id> and message_id:<id>) with ON CONFLICT DO NOTHING and runs only when all
-- were new. Feishu retries for up to ~6 h (15 s, 5 min, 1 h, 6 h), so rows older than a few
-- days can be deleted freely.
CREATE TABLE feishu_events_seen (
  key      text PRIMARY KEY,
  seen_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX feishu_events_seen_at ON feishu_events_seen (seen_at);

-- Feishu Open Platform calls per calendar month (Asia/Shanghai, 'YYYY-MM') and kind
-- (message.create, message.reply, ...). The free plan caps a tenant at 10,000 calls a month;
-- /status shows the total. Increments are batched by each process.
CREATE TABLE feishu_api_calls (
  month  text   NOT NULL,
  kind   text   NOT NULL,
  calls  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (month, kind)
);
