-- Temu shops: orders (parent + child), their amounts, products and SKUs, cost prices with the
-- date they take effect, and what is computed from them (cost, profit, payout per order; GMV
-- and the other figures per shop and day). Money is numeric in the currency's major unit, always
-- next to its currency (a shop sells in USD, EUR, JPY, …). Instants are timestamptz; business days
-- are Asia/Shanghai. `shop` is the shop's name in Tongbu (the partition id).

-- Credentials that are not OAuth grants (seller-issued tokens with no refresh flow), encrypted at
-- rest like platform_tokens. Platform-free: src/tokens/credentials.ts. `meta` holds what is not
-- secret (region, mall id); `alerted_days` the expiry warnings already sent for this secret.
CREATE TABLE IF NOT EXISTS platform_credentials (
  platform        text        NOT NULL,
  name            text        NOT NULL,
  secret_enc      text        NOT NULL,
  meta            jsonb       NOT NULL DEFAULT '{}',
  expires_at      timestamptz,
  alerted_days    integer[]   NOT NULL DEFAULT '{}',
  last_checked_at timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, name)
);

-- Parent orders (bg.order.list.v2.get pageItems[].parentOrderMap). Status codes: 1 PENDING,
-- 2 UN_SHIPPING, 3 CANCELED, 4 SHIPPED, 41 PARTIALLY_SHIPPED, 5 DELIVERED, 51 PARTIALLY_DELIVERED.
CREATE TABLE temu_orders (
  shop                    text        NOT NULL,
  parent_order_sn         text        NOT NULL,
  parent_order_status     integer     NOT NULL,
  region_id               integer,
  site_id                 integer,
  order_payment_type      text,
  parent_order_time       timestamptz,
  update_time             timestamptz NOT NULL,
  parent_shipping_time    timestamptz,
  latest_delivery_time    timestamptz,
  parent_confirm_time     timestamptz,
  expect_ship_latest_time timestamptz,
  item_count              integer     NOT NULL,
  raw_data                jsonb       NOT NULL,
  synced_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, parent_order_sn)
);
CREATE INDEX temu_orders_time ON temu_orders (parent_order_time);
CREATE INDEX temu_orders_update ON temu_orders (shop, update_time);

-- Child orders (pageItems[].orderList[]). quantity = originalOrderQuantity − canceledQuantityBeforeShipment.
CREATE TABLE temu_order_items (
  shop                    text        NOT NULL,
  order_sn                text        NOT NULL,
  parent_order_sn         text        NOT NULL,
  goods_id                text,
  sku_id                  text        NOT NULL,
  -- 货号: productList[0].extCode (the seller's own code), when set.
  ext_code                text,
  goods_name              text,
  spec                    text,
  quantity                integer     NOT NULL,
  original_order_quantity integer,
  canceled_quantity       integer,
  order_status            integer,
  order_create_time       timestamptz,
  order_shipping_time     timestamptz,
  fulfillment_type        text,
  raw_data                jsonb       NOT NULL,
  synced_at               timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, order_sn)
);
CREATE INDEX temu_order_items_parent ON temu_order_items (shop, parent_order_sn);
CREATE INDEX temu_order_items_sku ON temu_order_items (sku_id);

-- bg.order.amount.query, one row per parent order, fetched only for parents new or changed.
-- Amounts from minor units (cents) to major units of `currency`. `problem`: why the amounts could
-- not be read (an unknown currency, two currencies in one order); the money columns are NULL then
-- and raw_data keeps the answer, so nothing is lost and the order is listed, not guessed.
CREATE TABLE temu_order_amounts (
  shop                  text        NOT NULL,
  parent_order_sn       text        NOT NULL,
  currency              text,
  base_price_total      numeric(16, 3),
  retail_price_total    numeric(16, 3),
  shipping_amount_total numeric(16, 3),
  tax_total             numeric(16, 3),
  discount_from_seller  numeric(16, 3),
  discount_from_temu    numeric(16, 3),
  total_discount        numeric(16, 3),
  refunds_total         numeric(16, 3),
  customer_paid         numeric(16, 3),
  estimated_revenue     numeric(16, 3),
  problem               text,
  raw_data              jsonb       NOT NULL,
  synced_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, parent_order_sn)
);

-- bg.local.goods.list.query, a full refresh per shop. A product (and its SKUs) gone from the list
-- is marked with removed_at, never deleted; it is cleared if the product comes back.
CREATE TABLE temu_products (
  shop          text        NOT NULL,
  goods_id      text        NOT NULL,
  goods_name    text,
  out_goods_sn  text,
  price         numeric(16, 3),
  currency      text,
  status        integer,
  sub_status    integer,
  cat_id        text,
  crt_time      timestamptz,
  removed_at    timestamptz,
  raw_data      jsonb       NOT NULL,
  synced_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, goods_id)
);

CREATE TABLE temu_skus (
  shop        text        NOT NULL,
  sku_id      text        NOT NULL,
  goods_id    text        NOT NULL,
  -- 货号 (skuSn, the seller's code): cost sheets may name a SKU by it.
  sku_sn      text,
  spec        text,
  removed_at  timestamptz,
  raw_data    jsonb       NOT NULL,
  synced_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, sku_id)
);
CREATE INDEX temu_skus_sn ON temu_skus (sku_sn);

-- Cost prices. `sku_ref` is a SKU id (ref_kind 'sku_id') or a 货号 (ref_kind 'sku_sn'); a cost
-- holds from `effective_from` (a business day) until the next one of the same SKU, so an old order
-- keeps the cost it had. `currency` NULL: the currency of the order it is applied to.
CREATE TABLE temu_sku_costs (
  ref_kind        text           NOT NULL CHECK (ref_kind IN ('sku_id', 'sku_sn')),
  sku_ref         text           NOT NULL,
  effective_from  date           NOT NULL,
  unit_cost       numeric(16, 4) NOT NULL CHECK (unit_cost >= 0),
  currency        text,
  source          text           NOT NULL,
  updated_at      timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (ref_kind, sku_ref, effective_from)
);

-- Computed per parent order (src/connectors/temu/profit.ts), recomputed set-wise after each orders
-- run and whenever costs change. cost = Σ quantity × unit cost at order time (NULL when any SKU
-- has no cost: `missing_skus` lists them — never counted as zero); profit = estimated_revenue − cost.
-- payout_due: the day the shop's money is expected back (docs/temu.md, TEMU_PAYOUT_DAYS).
CREATE TABLE temu_order_finance (
  shop              text        NOT NULL,
  parent_order_sn   text        NOT NULL,
  order_day         date        NOT NULL,
  status            integer     NOT NULL,
  currency          text,
  units             integer     NOT NULL,
  customer_paid     numeric(16, 3),
  refunds           numeric(16, 3),
  revenue           numeric(16, 3),
  cost              numeric(16, 4),
  profit            numeric(16, 4),
  missing_skus      text[]      NOT NULL DEFAULT '{}',
  delivered_at      timestamptz,
  payout_amount     numeric(16, 3),
  payout_due        date,
  payout_estimated  boolean     NOT NULL DEFAULT false,
  computed_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, parent_order_sn)
);
CREATE INDEX temu_order_finance_day ON temu_order_finance (order_day);
CREATE INDEX temu_order_finance_payout ON temu_order_finance (payout_due);

-- Per shop, business day and currency. GMV = Σ customer_paid of the day's orders that were not
-- cancelled, before refunds (docs/temu.md).
CREATE TABLE temu_shop_daily (
  shop            text           NOT NULL,
  day             date           NOT NULL,
  currency        text           NOT NULL,
  orders          integer        NOT NULL,
  units           integer        NOT NULL,
  gmv             numeric(16, 3) NOT NULL,
  refunds         numeric(16, 3) NOT NULL,
  cost            numeric(16, 4),
  profit          numeric(16, 4),
  missing_cost    integer        NOT NULL,
  payouts_due     numeric(16, 3) NOT NULL,
  synced_at       timestamptz    NOT NULL DEFAULT now(),
  PRIMARY KEY (shop, day, currency)
);
