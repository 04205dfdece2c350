-- One view across platforms: each connector's daily figures (declared in its declaration and
-- refreshed by the engine after each run, for the days the run touched), exchange rates set by
-- people, and the overview per day in 元 (mirrored to Bitable as 每日总览).

CREATE TABLE daily_metrics (
  day        date        NOT NULL,
  platform   text        NOT NULL,
  account    text        NOT NULL,
  -- revenue, refunds, orders, units (sellers); ad_spend, conversions, plays (ad platforms)
  metric     text        NOT NULL,
  value      numeric     NOT NULL,
  -- ISO 4217 for money (one currency per row, never mixed); '' for counts
  currency   text        NOT NULL DEFAULT '',
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (day, platform, account, metric, currency)
);
CREATE INDEX daily_metrics_platform_day ON daily_metrics (platform, day);

-- 1 unit of `currency` = `cny` 元. Set by `tongbu fx set` or the API; FX_RATES fills the gaps.
CREATE TABLE fx_rates (
  currency   text PRIMARY KEY,
  cny        numeric NOT NULL CHECK (cny > 0),
  set_by     text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The overview per day, in 元; money in a currency without a rate is left out and named.
CREATE TABLE daily_overview (
  day            date PRIMARY KEY,
  revenue        numeric(16,2) NOT NULL,
  refunds        numeric(16,2) NOT NULL,
  ad_spend       numeric(16,2) NOT NULL,
  orders         integer NOT NULL,
  roi            numeric(12,4),
  missing_rates  text NOT NULL DEFAULT '',
  synced_at      timestamptz NOT NULL DEFAULT now()
);
