// The Temu streams. `orders`: bg.order.list.v2.get on update time, both ends inclusive (unix
// seconds), sorted by updateTime (the API answers newest first), page size up to 100; parent
// orders upsert into temu_orders, child orders into temu_order_items (children, same
// transaction), and for every parent that is new or changed the amounts are fetched
// (bg.order.amount.query, one call per parent, the follow-up under the app key's shared rate
// limit) into temu_order_amounts. `products`: bg.local.goods.list.query, the whole list per shop
// in one slice; a product missing from a complete pass is marked removed (never deleted).
import type { ColumnSpec, LoadTarget, StreamDeclaration } from '../../engine/types.js';
import type { TemuClient, TemuGoods, TemuOrderItem } from './client.js';
import { toAmountRow, toItemRows, toOrderRows, toProductRows, toSkuRows, type Row } from './mapping.js';

const cols = (spec: string): ColumnSpec[] =>
  spec
    .trim()
    .split(/\s*,\s*/)
    .map((c) => {
      const [name, type] = c.split(':');
      return { name: name as string, type: (type ?? 'text') as ColumnSpec['type'] };
    });

export const ORDERS_TABLE = 'temu_orders';

const ORDER_COLUMNS = cols(`shop, parent_order_sn, parent_order_status:integer, region_id:integer, site_id:integer, order_payment_type,
  parent_order_time:timestamptz, update_time:timestamptz, parent_shipping_time:timestamptz, latest_delivery_time:timestamptz,
  parent_confirm_time:timestamptz, expect_ship_latest_time:timestamptz, item_count:integer, raw_data:jsonb`);

export const ITEMS_TARGET: LoadTarget = {
  table: 'temu_order_items',
  primaryKey: ['shop', 'order_sn'],
  columns: cols(`shop, order_sn, parent_order_sn, goods_id, sku_id, ext_code, goods_name, spec, quantity:integer, original_order_quantity:integer,
    canceled_quantity:integer, order_status:integer, order_create_time:timestamptz, order_shipping_time:timestamptz, fulfillment_type, raw_data:jsonb`),
  volatileColumns: ['synced_at'],
};

export const AMOUNTS_TARGET: LoadTarget = {
  table: 'temu_order_amounts',
  primaryKey: ['shop', 'parent_order_sn'],
  columns: cols(`shop, parent_order_sn, currency, base_price_total:numeric, retail_price_total:numeric, shipping_amount_total:numeric, tax_total:numeric,
    discount_from_seller:numeric, discount_from_temu:numeric, total_discount:numeric, refunds_total:numeric, customer_paid:numeric, estimated_revenue:numeric,
    problem, raw_data:jsonb`),
  volatileColumns: ['synced_at'],
};

export const SKUS_TARGET: LoadTarget = {
  table: 'temu_skus',
  primaryKey: ['shop', 'sku_id'],
  columns: cols(`shop, sku_id, goods_id, sku_sn, spec, removed_at:timestamptz, raw_data:jsonb`),
  volatileColumns: ['synced_at'],
};

export const ordersStream: StreamDeclaration<TemuClient, TemuOrderItem> = {
  name: 'orders',
  table: ORDERS_TABLE,
  primaryKey: ['shop', 'parent_order_sn'],
  columns: ORDER_COLUMNS,
  volatileColumns: ['synced_at'],
  mode: 'upsert',
  slice: { days: 1 },
  async fetchPage(client, req, signal) {
    const pageSize = client.settings.TEMU_PAGE_SIZE;
    const page = await client.orderPage(
      { updateAtStart: Math.floor(req.slice.from.getTime() / 1000), updateAtEnd: Math.floor(req.slice.to.getTime() / 1000), pageNumber: req.page, pageSize },
      signal,
    );
    return { records: page.items, hasMore: page.items.length > 0 && req.page * pageSize < page.total };
  },
  toRows(records, ctx) {
    return toOrderRows(records, ctx.partition?.id ?? ctx.account);
  },
  children: [{ target: ITEMS_TARGET, toRows: (records, ctx) => toItemRows(records, ctx.partition?.id ?? ctx.account) }],
  followUp: {
    target: AMOUNTS_TARGET,
    rateLimit: (client) => client.rateLimit(),
    async fetch(client, row, signal) {
      const sn = String(row.parent_order_sn);
      const result = await client.amount(sn, signal);
      return [toAmountRow(String(row.shop), sn, result)];
    },
  },
};

export const PRODUCTS_TABLE = 'temu_products';

/** Goods ids of the current pass per client, and whether the pass started at page 1 here. */
const passes = new WeakMap<TemuClient, { seen: Set<string>; complete: boolean }>();

export const productsStream: StreamDeclaration<TemuClient, TemuGoods & { __removed?: true }> = {
  name: 'products',
  table: PRODUCTS_TABLE,
  primaryKey: ['shop', 'goods_id'],
  columns: cols(`shop, goods_id, goods_name, out_goods_sn, price:numeric, currency, status:integer, sub_status:integer, cat_id, crt_time:timestamptz,
    removed_at:timestamptz, raw_data:jsonb`),
  volatileColumns: ['synced_at'],
  mode: 'upsert',
  slice: 'none',
  async fetchPage(client, req, signal) {
    const pageSize = client.settings.TEMU_PAGE_SIZE;
    let pass = passes.get(client);
    if (req.page === 1 || !pass) {
      // A pass resumed past page 1 in another process never saw the first pages: it marks nothing.
      pass = { seen: new Set(), complete: req.page === 1 };
      passes.set(client, pass);
    }
    const page = await client.goodsPage(req.page, pageSize, signal);
    for (const g of page.goods) pass.seen.add(String(g.goodsId));
    const hasMore = page.goods.length > 0 && req.page * pageSize < page.total;
    if (hasMore || !pass.complete) return { records: page.goods, hasMore };
    // The last page of a complete pass: products listed before and missing now are marked removed,
    // written again as they were stored, with removed_at set.
    const gone = await client.storedProductsNotIn(pass.seen, signal);
    passes.delete(client);
    return { records: [...page.goods, ...gone.map((g) => ({ ...g, __removed: true as const }))], hasMore: false };
  },
  toRows(records, ctx) {
    const shop = ctx.partition?.id ?? ctx.account;
    const now = new Date();
    return records.flatMap(({ __removed, ...g }) => toProductRows([g as TemuGoods], shop, __removed ? now : null));
  },
  children: [
    {
      target: SKUS_TARGET,
      toRows: (records, ctx) => {
        const shop = ctx.partition?.id ?? ctx.account;
        const now = new Date();
        return records.flatMap(({ __removed, ...g }) => toSkuRows([g as TemuGoods], shop, __removed ? now : null));
      },
    },
  ],
};

export type { Row };
