-- Excel imports of 抖音来客 back-office exports (src/excel/). Column names as in the old
-- script (seed 000); money in 元 as numeric, instants as timestamptz (the sheets show
-- Asia/Shanghai wall-clock times). raw_excel keeps every column of the row keyed by header.

-- 售卖明细: one row per sub-order (子订单ID).
CREATE TABLE orders_excel (
  sub_order_id             text PRIMARY KEY,
  order_id                 text,
  coupon_status            text,
  verification_time        timestamptz,
  actual_receipt           numeric(14, 2),
  sale_amount              numeric(14, 2),
  merchant_subsidy         numeric(14, 2),
  product_payment          numeric(14, 2),
  platform_subsidy         numeric(14, 2),
  platform_discount_detail text,
  software_fee             numeric(14, 2),
  talent_commission        numeric(14, 2),
  increment_commission     numeric(14, 2),
  preset_price             numeric(14, 2),
  booking_surcharge        numeric(14, 2),
  software_fee_rate        text,
  sales_role               text,
  deal_channel             text,
  owner_nickname           text,
  owner_uid                text,
  raw_excel                jsonb       NOT NULL,
  file_name                text        NOT NULL,
  import_time              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_excel_order_id ON orders_excel (order_id);
CREATE INDEX orders_excel_verification_time ON orders_excel (verification_time);

-- 旅行社预约明细: one row per order (订单编号) in its latest booking state.
CREATE TABLE travel_bookings (
  order_number   text PRIMARY KEY,
  travel_date    date,
  -- 未预约 | 待接单 | 已预约 | 已完成 | 已拒单 (from the sheet the row was on)
  booking_status text        NOT NULL,
  raw_excel      jsonb       NOT NULL,
  file_name      text        NOT NULL,
  sheet_name     text        NOT NULL,
  import_time    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX travel_bookings_status ON travel_bookings (booking_status);
CREATE INDEX travel_bookings_travel_date ON travel_bookings (travel_date);

-- The ledger: one row per import attempt that got as far as reading the file.
CREATE TABLE excel_imports (
  id            bigserial PRIMARY KEY,
  sha256        text        NOT NULL,
  file_name     text        NOT NULL,
  size_bytes    bigint      NOT NULL,
  -- sales (售卖明细) | bookings (旅行社预约明细); null when the file was refused before typing
  report_type   text,
  -- chat | folder | http | cli
  source        text        NOT NULL,
  requested_by  text,
  -- succeeded | failed
  status        text        NOT NULL,
  rows_read     integer     NOT NULL DEFAULT 0,
  inserted      integer     NOT NULL DEFAULT 0,
  updated       integer     NOT NULL DEFAULT 0,
  unchanged     integer     NOT NULL DEFAULT 0,
  skipped       integer     NOT NULL DEFAULT 0,
  error_code    text,
  error_message text,
  summary       jsonb,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL DEFAULT now(),
  duration_ms   integer     NOT NULL DEFAULT 0
);
-- The same file (same bytes) is imported once; a second attempt is answered "already imported".
CREATE UNIQUE INDEX excel_imports_once ON excel_imports (sha256) WHERE status = 'succeeded';
CREATE INDEX excel_imports_started ON excel_imports (started_at DESC);
