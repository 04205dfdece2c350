// The 小鹅通 order stream: xe.order.list.get/1.0.1 read by creation time in 7-day slices (the
// API's limit), 200 a page, oldest first, upserted on order_id into xiaoe_orders. The client
// maps each page (mapping.ts), so a record that cannot be read fails the page as malformed.
import type { StreamDeclaration } from '../../engine/types.js';
import type { XiaoeClient } from './client.js';
import type { XiaoeOrderRow } from './mapping.js';

export const XIAOE_ORDERS_TABLE = 'xiaoe_orders';

export const ordersStream: StreamDeclaration<XiaoeClient, XiaoeOrderRow> = {
  name: 'orders',
  table: XIAOE_ORDERS_TABLE,
  primaryKey: ['order_id'],
  mode: 'upsert',
  // The API refuses a creation-time span over 7 days.
  slice: { days: 7 },
  columns: [
    { name: 'order_id', type: 'text' },
    { name: 'app_id', type: 'text' },
    { name: 'user_id', type: 'text' },
    { name: 'resource_type', type: 'integer' },
    { name: 'resource_type_text', type: 'text' },
    { name: 'resource_id', type: 'text' },
    { name: 'title', type: 'text' },
    { name: 'count', type: 'integer' },
    { name: 'price', type: 'numeric' },
    { name: 'coupon_id', type: 'text' },
    { name: 'coupon_name', type: 'text' },
    { name: 'coupon_price', type: 'numeric' },
    { name: 'discount_price_raw', type: 'numeric' },
    { name: 'order_state', type: 'integer' },
    { name: 'order_state_text', type: 'text' },
    { name: 'ship_state', type: 'integer' },
    { name: 'ship_state_text', type: 'text' },
    { name: 'sales_state', type: 'integer' },
    { name: 'sales_state_text', type: 'text' },
    { name: 'after_sales_state', type: 'integer' },
    { name: 'team_buy_state', type: 'integer' },
    { name: 'pay_way', type: 'integer' },
    { name: 'collection_way', type: 'integer' },
    { name: 'client_type', type: 'integer' },
    { name: 'out_order_id', type: 'text' },
    { name: 'transaction_id', type: 'text' },
    { name: 'created_time', type: 'timestamptz' },
    { name: 'pay_time', type: 'timestamptz' },
    { name: 'refund_time', type: 'timestamptz' },
    { name: 'settle_time', type: 'timestamptz' },
    { name: 'refund_money', type: 'numeric' },
    { name: 'order_type', type: 'jsonb' },
    { name: 'goods_no', type: 'text' },
    { name: 'raw_data', type: 'json' },
  ],
  async fetchPage(client, req, signal) {
    const size = client.settings.XIAOE_PAGE_SIZE;
    const begin = Math.floor(req.slice.from.getTime() / 1000);
    // The slice's last second + 1, never past the 7-day limit (see the header).
    const end = Math.min(Math.floor(req.slice.to.getTime() / 1000) + 1, begin + 7 * 86_400);
    const res = await client.listOrders({ page: req.page, pageSize: size, begin, end }, signal);
    const hasMore = res.listed >= size && (res.total === 0 || req.page * size < res.total);
    return { records: res.rows, hasMore };
  },
  toRows(records) {
    return records as unknown as Record<string, unknown>[];
  },
};
