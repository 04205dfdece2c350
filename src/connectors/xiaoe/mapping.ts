// One 小鹅通 order (xe.order.list.get/1.0.1 `data.list[]`) → one xiaoe_orders row. Units, as the
// seed's owner confirmed against real data: `price` is 元, `coupon_price` and `refund_money` are
// 分 (refund_money a string, "" for none); `discount_price` has no confirmed unit and is kept as
// sent. Times are "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai; "0000-00-00 00:00:00" (or "") is none.
// A value that cannot be read throws XiaoeMappingError naming the order and the field: the
// client turns it into a malformed page, so the run stops there with its checkpoints kept.
import { fenToYuan, yuanToDecimal } from '../../money.js';
import { ORDER_STATE, RESOURCE_TYPE, SALES_STATE, SHIP_STATE, codeText } from './codes.js';

export class XiaoeMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XiaoeMappingError';
  }
}

export type XiaoeOrderRecord = Record<string, unknown>;

export interface XiaoeOrderRow {
  order_id: string;
  app_id: string;
  user_id: string | null;
  resource_type: number | null;
  resource_type_text: string | null;
  resource_id: string | null;
  title: string | null;
  count: number | null;
  price: string | null;
  coupon_id: string | null;
  coupon_name: string | null;
  coupon_price: string | null;
  discount_price_raw: string | null;
  order_state: number | null;
  order_state_text: string | null;
  ship_state: number | null;
  ship_state_text: string | null;
  sales_state: number | null;
  sales_state_text: string | null;
  after_sales_state: number | null;
  team_buy_state: number | null;
  pay_way: number | null;
  collection_way: number | null;
  client_type: number | null;
  out_order_id: string | null;
  transaction_id: string | null;
  created_time: string | null;
  pay_time: string | null;
  refund_time: string | null;
  settle_time: string | null;
  refund_money: string | null;
  order_type: number[] | null;
  goods_no: string | null;
  raw_data: XiaoeOrderRecord;
}

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const ZERO_TIME = /^0000-00-00( 00:00:00)?$/;

/**
 * "2026-02-11 09:30:00" (Asia/Shanghai) → ISO instant; zero or empty → null. Anything else is
 * null too, except where `required` (the creation time): then it is an error.
 */
export function parseXiaoeTime(value: unknown, field: string, orderId: string, required = false): string | null {
  if (value === null || value === undefined || value === '' || (typeof value === 'string' && ZERO_TIME.test(value.trim()))) {
    if (required) throw new XiaoeMappingError(`order ${orderId}: ${field} is empty`);
    return null;
  }
  const m = typeof value === 'string' ? TIME_RE.exec(value.trim()) : null;
  if (m) {
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h - 8, mi, s);
    const back = new Date(ms + 8 * 3600_000);
    // Rejects 2026-02-30 and 25:00:00 instead of rolling them over.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60) {
      return new Date(ms).toISOString();
    }
  }
  // The official example itself carries "settle_time": "o_xxxx": an unreadable optional time is
  // none (the raw value stays in raw_data); an unreadable creation time is an error.
  if (required) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a time like 2026-02-11 09:30:00`);
  return null;
}

function int(value: unknown, field: string, orderId: string): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a whole number`);
  return n;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

function money(value: unknown, field: string, orderId: string, unit: '元' | '分'): string | null {
  if (value === null || value === undefined || value === '') return null;
  try {
    return unit === '元' ? yuanToDecimal(value) : fenToYuan(value);
  } catch {
    throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not an amount in ${unit}`);
  }
}

function rawNumber(value: unknown, field: string, orderId: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  const t = String(value).trim();
  if (typeof value === 'object' || !/^-?\d+(\.\d+)?$/.test(t)) throw new XiaoeMappingError(`order ${orderId}: ${field} ${JSON.stringify(value)} is not a number`);
  return t;
}

export function toXiaoeOrderRow(o: XiaoeOrderRecord, appId: string): XiaoeOrderRow {
  const id = typeof o.order_id === 'string' ? o.order_id.trim() : '';
  if (!id) throw new XiaoeMappingError(`an order in the list has no order_id (${JSON.stringify(o).slice(0, 120)})`);
  const orderState = int(o.order_state, 'order_state', id);
  const shipState = int(o.ship_state, 'ship_state', id);
  const salesState = int(o.sales_state, 'sales_state', id);
  const resourceType = int(o.resource_type, 'resource_type', id);
  let orderType: number[] | null = null;
  if (Array.isArray(o.order_type)) orderType = o.order_type.map((t) => int(t, 'order_type', id) ?? 0);
  return {
    order_id: id,
    app_id: appId,
    user_id: text(o.user_id),
    resource_type: resourceType,
    resource_type_text: codeText(RESOURCE_TYPE, resourceType),
    resource_id: text(o.resource_id),
    title: text(o.title),
    count: int(o.count, 'count', id),
    price: money(o.price, 'price', id, '元'),
    coupon_id: text(o.coupon_id),
    coupon_name: text(o.coupon_name),
    coupon_price: money(o.coupon_price, 'coupon_price', id, '分'),
    discount_price_raw: rawNumber(o.discount_price, 'discount_price', id),
    order_state: orderState,
    order_state_text: codeText(ORDER_STATE, orderState),
    ship_state: shipState,
    ship_state_text: codeText(SHIP_STATE, shipState),
    sales_state: salesState,
    sales_state_text: codeText(SALES_STATE, salesState),
    after_sales_state: int(o.after_sales_state, 'after_sales_state', id),
    team_buy_state: int(o.team_buy_state, 'team_buy_state', id),
    pay_way: int(o.pay_way, 'pay_way', id),
    collection_way: int(o.collection_way, 'collection_way', id),
    client_type: int(o.client_type, 'client_type', id),
    out_order_id: text(o.out_order_id),
    transaction_id: text(o.transaction_id),
    created_time: parseXiaoeTime(o.created_time, 'created_time', id, true),
    pay_time: parseXiaoeTime(o.pay_time, 'pay_time', id),
    refund_time: parseXiaoeTime(o.refund_time, 'refund_time', id),
    settle_time: parseXiaoeTime(o.settle_time, 'settle_time', id),
    refund_money: money(o.refund_money, 'refund_money', id, '分'),
    order_type: orderType,
    goods_no: text(o.goods_no),
    raw_data: o,
  };
}
