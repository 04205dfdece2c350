// From Temu's wire shapes to rows. Times: unix seconds (null allowed) → Date; money: {currency,
// amount} in minor units → a decimal string in major units (money.ts, exact, never floats), with
// the currency beside it. Ids are kept as text (64-bit ids arrive as strings via lossless parse).
import { PlatformError } from '../../engine/types.js';
import { minorToMajorIn } from '../../money.js';
import type { TemuGoods, TemuOrderItem } from './client.js';

export type Row = Record<string, unknown>;

/** Unix seconds → Date; null/undefined/0 → null; anything else is a malformed answer. */
export function secondsToDate(v: unknown, what: string): Date | null {
  if (v === null || v === undefined || v === '' || v === 0) return null;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 99_999_999_999) throw new PlatformError('malformed', `${what} is not a unix time in seconds: ${JSON.stringify(v)}`);
  return new Date(n * 1000);
}

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

function int(v: unknown, what: string, required = false): number | null {
  if (v === null || v === undefined || v === '') {
    if (required) throw new PlatformError('malformed', `${what} is missing`);
    return null;
  }
  const n = Number(v);
  if (!Number.isInteger(n)) throw new PlatformError('malformed', `${what} is not a whole number: ${JSON.stringify(v)}`);
  return n;
}

export function toOrderRows(items: TemuOrderItem[], shop: string): Row[] {
  return items.map(({ parentOrderMap: p, orderList }) => {
    const sn = p.parentOrderSn;
    const update = secondsToDate(p.updateTime, `${sn} updateTime`);
    if (!update) throw new PlatformError('malformed', `${sn}: updateTime is missing`);
    return {
      shop,
      parent_order_sn: sn,
      parent_order_status: int(p.parentOrderStatus, `${sn} parentOrderStatus`, true),
      region_id: int(p.regionId, `${sn} regionId`),
      site_id: int(p.siteId, `${sn} siteId`),
      order_payment_type: text(p.orderPaymentType),
      parent_order_time: secondsToDate(p.parentOrderTime, `${sn} parentOrderTime`),
      update_time: update,
      parent_shipping_time: secondsToDate(p.parentShippingTime, `${sn} parentShippingTime`),
      latest_delivery_time: secondsToDate(p.latestDeliveryTime, `${sn} latestDeliveryTime`),
      parent_confirm_time: secondsToDate(p.parentConfirmTime, `${sn} parentConfirmTime`),
      expect_ship_latest_time: secondsToDate(p.expectShipLatestTime, `${sn} expectShipLatestTime`),
      item_count: orderList.length,
      raw_data: p,
    };
  });
}

export function toItemRows(items: TemuOrderItem[], shop: string): Row[] {
  const rows: Row[] = [];
  for (const { parentOrderMap: p, orderList } of items) {
    for (const o of orderList) {
      const sn = o.orderSn;
      const product = Array.isArray(o.productList) ? (o.productList[0] as Record<string, unknown> | undefined) : undefined;
      const original = int(o.originalOrderQuantity, `${sn} originalOrderQuantity`);
      const canceled = int(o.canceledQuantityBeforeShipment, `${sn} canceledQuantityBeforeShipment`);
      // quantity = originalOrderQuantity − canceledQuantityBeforeShipment (contract); sent as is.
      const quantity = int(o.quantity, `${sn} quantity`) ?? (original !== null ? original - (canceled ?? 0) : null);
      if (quantity === null || quantity < 0) throw new PlatformError('malformed', `${sn}: quantity is missing or negative`);
      const sku = text(o.skuId);
      if (!sku) throw new PlatformError('malformed', `${sn}: skuId is missing`);
      rows.push({
        shop,
        order_sn: sn,
        parent_order_sn: p.parentOrderSn,
        goods_id: text(o.goodsId),
        sku_id: sku,
        ext_code: text(product?.extCode),
        goods_name: text(o.goodsName),
        spec: text(o.spec),
        quantity,
        original_order_quantity: original,
        canceled_quantity: canceled,
        order_status: int(o.orderStatus, `${sn} orderStatus`),
        order_create_time: secondsToDate(o.orderCreateTime, `${sn} orderCreateTime`),
        order_shipping_time: secondsToDate(o.orderShippingTime, `${sn} orderShippingTime`),
        fulfillment_type: text(o.fulfillmentType),
        raw_data: o,
      });
    }
  }
  return rows;
}

/** parentOrderMap money fields of bg.order.amount.query → columns. */
export const AMOUNT_FIELDS = {
  basePriceTotal: 'base_price_total',
  retailPriceTotal: 'retail_price_total',
  shippingAmountTotal: 'shipping_amount_total',
  taxTotal: 'tax_total',
  discountFromSeller: 'discount_from_seller',
  discountFromTEMU: 'discount_from_temu',
  totalDiscount: 'total_discount',
  refundsTotal: 'refunds_total',
  customerPaid: 'customer_paid',
  estimatedRevenue: 'estimated_revenue',
} as const;

/**
 * One amount answer → one row. An amount the money module cannot read exactly (an unknown
 * currency, two currencies in one order, a fraction of a minor unit) leaves every money column
 * NULL and says why in `problem`: the answer is kept in raw_data and the order is listed.
 */
export function toAmountRow(shop: string, parentOrderSn: string, result: Record<string, unknown>): Row {
  const p = (result.parentOrderMap ?? {}) as Record<string, unknown>;
  const row: Row = { shop, parent_order_sn: parentOrderSn, currency: null, problem: null, raw_data: result };
  for (const col of Object.values(AMOUNT_FIELDS)) row[col] = null;
  const currencies = new Set<string>();
  const values: Record<string, string> = {};
  try {
    for (const [field, col] of Object.entries(AMOUNT_FIELDS)) {
      const m = p[field] as { currency?: unknown; amount?: unknown } | null | undefined;
      if (m === null || m === undefined) continue;
      if (typeof m !== 'object' || typeof m.currency !== 'string') throw new Error(`${field} is not {currency, amount}: ${JSON.stringify(m)}`);
      const cur = m.currency.trim().toUpperCase();
      currencies.add(cur);
      values[col] = minorToMajorIn(m.amount as string | number, cur);
    }
    if (currencies.size > 1) throw new Error(`two currencies in one order: ${[...currencies].join(', ')}`);
  } catch (e) {
    row.currency = [...currencies][0] ?? null;
    row.problem = (e as Error).message;
    return row;
  }
  row.currency = [...currencies][0] ?? null;
  Object.assign(row, values);
  return row;
}

/**
 * Product list price: `price` is a string beside `currency`, taken as major units (UNCONFIRMED:
 * the goods API's units are not documented; retailPrice {amount, currency} stays in raw_data).
 * Products carry no money the figures use: profit comes from the order amounts.
 */
export function toProductRows(goods: TemuGoods[], shop: string, removedAt: Date | null = null): Row[] {
  return goods.map((g) => {
    const id = String(g.goodsId);
    const price = typeof g.price === 'string' && /^\d+(\.\d+)?$/.test(g.price.trim()) ? g.price.trim() : typeof g.price === 'number' ? String(g.price) : null;
    const currency = typeof g.currency === 'string' ? g.currency.toUpperCase() : null;
    return {
      shop,
      goods_id: id,
      goods_name: text(g.goodsName),
      out_goods_sn: text(g.outGoodsSn),
      price,
      currency,
      status: int(g.status4VO, `goods ${id} status4VO`),
      sub_status: int(g.subStatus4VO, `goods ${id} subStatus4VO`),
      cat_id: text(g.catId),
      // crtTime: milliseconds in the goods API.
      crt_time: typeof g.crtTime === 'number' || (typeof g.crtTime === 'string' && /^\d+$/.test(g.crtTime)) ? new Date(Number(g.crtTime)) : null,
      removed_at: removedAt,
      raw_data: g,
    };
  });
}

export function toSkuRows(goods: TemuGoods[], shop: string, removedAt: Date | null = null): Row[] {
  const rows: Row[] = [];
  for (const g of goods) {
    const infos = Array.isArray(g.skuInfoList) ? (g.skuInfoList as Record<string, unknown>[]) : [];
    const ids = Array.isArray(g.skuIdList) ? g.skuIdList.map(String) : [];
    const seen = new Set<string>();
    for (const s of infos) {
      const id = text(s.skuId);
      if (!id) throw new PlatformError('malformed', `goods ${String(g.goodsId)}: a SKU has no skuId`);
      seen.add(id);
      rows.push({ shop, sku_id: id, goods_id: String(g.goodsId), sku_sn: text(s.skuSn), spec: specText(s.specList), removed_at: removedAt, raw_data: s });
    }
    for (const id of ids) if (!seen.has(id)) rows.push({ shop, sku_id: id, goods_id: String(g.goodsId), sku_sn: null, spec: null, removed_at: removedAt, raw_data: { skuId: id } });
  }
  return rows;
}

function specText(v: unknown): string | null {
  if (!Array.isArray(v)) return text(v);
  const parts = v.map((s) => (s && typeof s === 'object' ? ((s as Record<string, unknown>).specName ?? (s as Record<string, unknown>).name ?? JSON.stringify(s)) : s)).map(String);
  return parts.length ? parts.join(' / ') : null;
}
