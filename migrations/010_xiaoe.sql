-- 小鹅通 (xiaoe) orders, their state changes, and the 14-day welfare (福利) decisions.
-- Money is numeric 元 (price arrives in 元, coupon_price and refund_money in 分; converted at the
-- connector edge). Times are instants; the API's "YYYY-MM-DD HH:mm:ss" is Asia/Shanghai and
-- "0000-00-00 00:00:00" is NULL.

CREATE TABLE xiaoe_orders (
  order_id              text PRIMARY KEY,
  app_id                text        NOT NULL,
  user_id               text,
  resource_type         integer,
  resource_type_text    text,
  resource_id           text,
  title                 text,
  count                 integer,
  -- 实付金额, 元 on the wire.
  price                 numeric(14, 2),
  coupon_id             text,
  coupon_name           text,
  -- 优惠券抵扣, 分 on the wire → 元.
  coupon_price          numeric(14, 2),
  -- Unit unconfirmed (the seed dropped it): kept as sent.
  discount_price_raw    numeric,
  order_state           integer,
  order_state_text      text,
  ship_state            integer,
  ship_state_text       text,
  sales_state           integer,
  sales_state_text      text,
  -- Codes without a confirmed map, kept raw.
  after_sales_state     integer,
  team_buy_state        integer,
  pay_way               integer,
  collection_way        integer,
  client_type           integer,
  out_order_id          text,
  transaction_id        text,
  created_time          timestamptz,
  pay_time              timestamptz,
  refund_time           timestamptz,
  settle_time           timestamptz,
  -- 退款金额, 分 on the wire (may be "") → 元, NULL when none.
  refund_money          numeric(14, 2),
  order_type            jsonb,
  goods_no              text,
  raw_data              jsonb       NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now(),
  -- Kept by the trigger below, never by the loader: a rescan that changes nothing writes nothing.
  first_seen_at         timestamptz NOT NULL DEFAULT now(),
  state_changed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX xiaoe_orders_created_time ON xiaoe_orders (created_time);
CREATE INDEX xiaoe_orders_pay_time ON xiaoe_orders (pay_time);

-- Every observed change of an order's state (order_state, sales_state, ship_state,
-- after_sales_state or refund_money), in the transaction that wrote it.
CREATE TABLE xiaoe_order_state_changes (
  id               bigserial PRIMARY KEY,
  order_id         text        NOT NULL REFERENCES xiaoe_orders (order_id) ON DELETE CASCADE,
  from_state       integer,
  to_state         integer,
  from_sales_state integer,
  to_sales_state   integer,
  from_refund_money numeric(14, 2),
  to_refund_money   numeric(14, 2),
  observed_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX xiaoe_order_state_changes_order ON xiaoe_order_state_changes (order_id, observed_at);
CREATE INDEX xiaoe_order_state_changes_observed ON xiaoe_order_state_changes (observed_at);

-- Only real changes reach it: the loader updates a row only when its content differs, and a new
-- row takes first_seen_at and state_changed_at from their defaults (no trigger on INSERT, which
-- would run for every row of every page, conflicting ones included).
CREATE FUNCTION xiaoe_orders_track_state() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.first_seen_at := OLD.first_seen_at;
  IF (NEW.order_state, NEW.sales_state, NEW.ship_state, NEW.after_sales_state, NEW.refund_money)
     IS DISTINCT FROM (OLD.order_state, OLD.sales_state, OLD.ship_state, OLD.after_sales_state, OLD.refund_money) THEN
    NEW.state_changed_at := now();
    INSERT INTO xiaoe_order_state_changes (order_id, from_state, to_state, from_sales_state, to_sales_state, from_refund_money, to_refund_money)
    VALUES (NEW.order_id, OLD.order_state, NEW.order_state, OLD.sales_state, NEW.sales_state, OLD.refund_money, NEW.refund_money);
  ELSE
    NEW.state_changed_at := OLD.state_changed_at;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER xiaoe_orders_track_state BEFORE UPDATE ON xiaoe_orders
  FOR EACH ROW EXECUTE FUNCTION xiaoe_orders_track_state();

-- Welfare (福利) decisions: a paid order is pending until its decision day (pay day + 14,
-- XIAOE_WELFARE_DAYS); a refund seen before then revokes it, an order still paid then is granted,
-- a refund seen after a grant is flagged late_refund for a person (the grant is not changed).
-- Orders first seen after their decision day (the history) are decided at once and marked
-- historical, so a first backfill does not fill the morning card.
CREATE TABLE xiaoe_welfare (
  order_id            text PRIMARY KEY REFERENCES xiaoe_orders (order_id) ON DELETE CASCADE,
  user_id             text,
  title               text,
  price               numeric(14, 2),
  pay_time            timestamptz NOT NULL,
  decision_day        date        NOT NULL,
  -- pending | granted | revoked
  status              text        NOT NULL CHECK (status IN ('pending', 'granted', 'revoked')),
  -- Business day (Asia/Shanghai) each transition was made.
  granted_on          date,
  revoked_on          date,
  refund_money        numeric(14, 2),
  refund_time         timestamptz,
  -- full | partial
  refund_kind         text,
  late_refund         boolean     NOT NULL DEFAULT false,
  late_refund_seen_on date,
  historical          boolean     NOT NULL DEFAULT false,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX xiaoe_welfare_pending ON xiaoe_welfare (decision_day) WHERE status = 'pending';
CREATE INDEX xiaoe_welfare_granted_on ON xiaoe_welfare (granted_on);
CREATE INDEX xiaoe_welfare_revoked_on ON xiaoe_welfare (revoked_on);
CREATE INDEX xiaoe_welfare_late ON xiaoe_welfare (late_refund_seen_on) WHERE late_refund;
