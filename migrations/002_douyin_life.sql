-- 抖音来客 orders. Columns as in the old script; money in 元 (numeric), instants as timestamptz.
CREATE TABLE douyin_life_orders (
  order_id        text PRIMARY KEY,
  account_id      text        NOT NULL,
  order_status    text,
  order_type      integer,
  sku_id          text,
  sku_name        text,
  pay_amount      numeric(14, 2),
  original_amount numeric(14, 2),
  count           integer,
  pay_time        timestamptz,
  create_time     timestamptz,
  update_time     timestamptz,
  source_order_id text,
  phone           text,
  raw_data        jsonb       NOT NULL,
  synced_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX douyin_life_orders_create_time ON douyin_life_orders (create_time);
CREATE INDEX douyin_life_orders_pay_time ON douyin_life_orders (pay_time);
