-- DOU+ (抖音 video boosts): orders, their ads, 5-minute cumulative effect snapshots per order, and
-- the per-video aggregate the rankings read. Money in 元 (numeric), converted from 分 at the
-- connector edge; instants as timestamptz; 5-minute buckets are aligned in Asia/Shanghai (which
-- has no DST, so they are aligned in UTC too).

-- One row per order, keyed on the platform's order_id (int64, kept as text).
CREATE TABLE douplus_orders (
  order_id           text           PRIMARY KEY,
  -- The 抖音号 the order was read for (aweme_sec_uid).
  account_id         text           NOT NULL,
  -- 页面显示ID: the id people see in the DOU+ app.
  task_id            text,
  scene_type         text,
  -- The boosted video (item_info_list[0]); NULL for a live-room order.
  item_id            text,
  item_title         text,
  author_name        text,
  room_id            text,
  -- task_status as sent (UNPAID, AUDITING, DELIVERING, DELIVERIED, …) and its Chinese text;
  -- a status outside the known enum is kept as sent, with status_text NULL.
  status             text           NOT NULL,
  status_text        text,
  budget             numeric(14, 2),
  create_time        timestamptz    NOT NULL,
  live_scene         text,
  renew_count        integer,
  raw_data           jsonb          NOT NULL,
  synced_at          timestamptz    NOT NULL DEFAULT now(),
  -- When Tongbu first saw the order in its current status (set by the trigger below): the stats
  -- schedule follows delivering orders and those that ended within the last day.
  status_changed_at  timestamptz    NOT NULL DEFAULT now()
);
CREATE INDEX douplus_orders_account_create ON douplus_orders (account_id, create_time DESC);
CREATE INDEX douplus_orders_item ON douplus_orders (item_id);
CREATE INDEX douplus_orders_active ON douplus_orders (account_id, status_changed_at) WHERE status <> 'UNPAID';

CREATE FUNCTION douplus_orders_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.status_changed_at := now();
  ELSE
    NEW.status_changed_at := OLD.status_changed_at;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER douplus_orders_status_changed BEFORE INSERT OR UPDATE ON douplus_orders
  FOR EACH ROW EXECUTE FUNCTION douplus_orders_status_changed();

-- An order's ads (ad_list): usually one per order.
CREATE TABLE douplus_order_ads (
  order_id              text           NOT NULL,
  ad_id                 text           NOT NULL,
  account_id            text           NOT NULL,
  ad_status             text,
  budget                numeric(14, 2),
  -- cpa_bid: 分 on the wire by default (DOUPLUS_CPA_BID_UNIT), stored in 元.
  cpa_bid               numeric(14, 2),
  bid_mode              text,
  -- delivery_time: hours, as a float.
  delivery_hours        numeric(10, 2),
  external_action       text,
  external_action_text  text,
  is_fans               boolean,
  raw_data              jsonb          NOT NULL,
  synced_at             timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, ad_id)
);

-- An order's cumulative metrics at a 5-minute bucket. A snapshot equal to the order's previous one
-- is not written, so the series of an ended order stops growing: read "the figures at T" as the
-- latest row at or before T.
CREATE TABLE douplus_order_stats (
  order_id              text           NOT NULL,
  stat_time             timestamptz    NOT NULL,
  account_id            text           NOT NULL,
  item_id               text,
  cost                  numeric(14, 2) NOT NULL,
  plays                 bigint         NOT NULL,
  likes                 bigint         NOT NULL,
  shares                bigint         NOT NULL,
  comments              bigint         NOT NULL,
  follows               bigint         NOT NULL,
  home_visits           bigint,
  shows                 bigint,
  conversions           bigint         NOT NULL,
  -- custom_convert_cost (分 → 元); NULL without conversions.
  cost_per_conversion   numeric(14, 2),
  -- play_duration_5s_rank: the 5-second completion rate as the platform sends it (0.36 = 36 %).
  play_5s_rate          numeric(12, 6),
  synced_at             timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, stat_time)
);
CREATE INDEX douplus_order_stats_item_time ON douplus_order_stats (item_id, stat_time);
CREATE INDEX douplus_order_stats_account_time ON douplus_order_stats (account_id, stat_time);

-- The latest snapshot of each order, kept by the stats writer's trigger: the order list reads
-- one row per order instead of searching the series.
CREATE TABLE douplus_order_latest (
  order_id              text           PRIMARY KEY,
  stat_time             timestamptz    NOT NULL,
  account_id            text           NOT NULL,
  item_id               text,
  cost                  numeric(14, 2) NOT NULL,
  plays                 bigint         NOT NULL,
  likes                 bigint         NOT NULL,
  shares                bigint         NOT NULL,
  comments              bigint         NOT NULL,
  follows               bigint         NOT NULL,
  conversions           bigint         NOT NULL,
  cost_per_conversion   numeric(14, 2),
  play_5s_rate          numeric(12, 6)
);
-- The order list sorted by a figure walks one of these (orders without stats come after).
CREATE INDEX douplus_order_latest_cost ON douplus_order_latest (cost DESC, order_id DESC);
CREATE INDEX douplus_order_latest_plays ON douplus_order_latest (plays DESC, order_id DESC);
CREATE INDEX douplus_order_latest_conversions ON douplus_order_latest (conversions DESC, order_id DESC);

CREATE FUNCTION douplus_order_latest_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO douplus_order_latest AS l (order_id, stat_time, account_id, item_id, cost, plays, likes, shares, comments, follows, conversions, cost_per_conversion, play_5s_rate)
  VALUES (NEW.order_id, NEW.stat_time, NEW.account_id, NEW.item_id, NEW.cost, NEW.plays, NEW.likes, NEW.shares, NEW.comments, NEW.follows, NEW.conversions, NEW.cost_per_conversion, NEW.play_5s_rate)
  ON CONFLICT (order_id) DO UPDATE SET stat_time = EXCLUDED.stat_time, account_id = EXCLUDED.account_id, item_id = EXCLUDED.item_id,
    cost = EXCLUDED.cost, plays = EXCLUDED.plays, likes = EXCLUDED.likes, shares = EXCLUDED.shares, comments = EXCLUDED.comments,
    follows = EXCLUDED.follows, conversions = EXCLUDED.conversions, cost_per_conversion = EXCLUDED.cost_per_conversion, play_5s_rate = EXCLUDED.play_5s_rate
  WHERE l.stat_time <= EXCLUDED.stat_time;
  RETURN NULL;
END $$;
CREATE TRIGGER douplus_order_latest_keep AFTER INSERT OR UPDATE ON douplus_order_stats
  FOR EACH ROW EXECUTE FUNCTION douplus_order_latest_keep();

-- Per 抖音号 and video: the cumulative totals of the video's orders at a 5-minute bucket, with the
-- rates precomputed. Written for the videos whose orders moved in a stats run; read "at T" as the
-- latest row at or before T. The all-account ranking sums the accounts' rows.
CREATE TABLE douplus_video_stats_agg (
  account_id          text           NOT NULL,
  item_id             text           NOT NULL,
  stat_time           timestamptz    NOT NULL,
  item_title          text,
  order_count         integer        NOT NULL,
  total_cost          numeric(14, 2) NOT NULL,
  total_play          bigint         NOT NULL,
  total_like          bigint         NOT NULL,
  total_share         bigint         NOT NULL,
  total_convert       bigint         NOT NULL,
  -- plays per 100 元 of cost; NULL when nothing was spent.
  play_per_100_cost   numeric(18, 2),
  -- likes / plays and shares / plays; NULL without plays.
  like_rate           numeric(10, 4),
  share_rate          numeric(10, 4),
  -- total cost / total conversions; NULL without conversions.
  avg_convert_cost    numeric(14, 2),
  -- plays-weighted mean of the orders' 5-second completion rates.
  avg_5s_rate         numeric(12, 6),
  PRIMARY KEY (account_id, item_id, stat_time)
);
CREATE INDEX douplus_video_stats_agg_time ON douplus_video_stats_agg (stat_time);

-- The video ranking per period (today, 7d, 30d, all) as of the latest stats pass, per 抖音号:
-- what each video spent and brought in the period (cumulative at the pass minus cumulative at the
-- period's start). Rewritten for the account after each stats pass, with the all-account rows
-- (account_id '*', the accounts in `accounts`) of its videos, so a ranking reads its first rows
-- off an index instead of searching the aggregate's history.
CREATE TABLE douplus_video_ranking (
  period       text           NOT NULL,
  -- A 抖音号, or '*' for all of them.
  account_id   text           NOT NULL,
  accounts     text[],
  item_id      text           NOT NULL,
  as_of        timestamptz    NOT NULL,
  item_title   text,
  order_count  integer        NOT NULL,
  cost         numeric(14, 2) NOT NULL,
  plays        bigint         NOT NULL,
  likes        bigint         NOT NULL,
  shares       bigint         NOT NULL,
  conversions  bigint         NOT NULL,
  PRIMARY KEY (period, account_id, item_id)
);
CREATE INDEX douplus_video_ranking_cost ON douplus_video_ranking (period, account_id, cost DESC, item_id);

-- What each video spent and brought on each Asia/Shanghai day (the aggregate at the day's end
-- minus at its start), per 抖音号: written each morning for yesterday and mirrored to Bitable.
CREATE TABLE douplus_video_daily (
  stat_date           date           NOT NULL,
  account_id          text           NOT NULL,
  item_id             text           NOT NULL,
  item_title          text,
  cost                numeric(14, 2) NOT NULL,
  plays               bigint         NOT NULL,
  likes               bigint         NOT NULL,
  shares              bigint         NOT NULL,
  conversions         bigint         NOT NULL,
  plays_per_100_yuan  numeric(18, 2),
  cost_per_conversion numeric(14, 2),
  synced_at           timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (stat_date, account_id, item_id)
);
