// A deterministic set of 小鹅通 orders whose state moves with time: each order has a timeline
// (created → paid or cancelled → maybe a refund asked days later → refunded in full, in part, or
// refused), and the emulator answers with the state as of its clock. Held as columns of typed
// arrays (300,000 orders take a few MB) and turned into the API's record shape on demand.

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PRODUCTS = [
  { id: 'p_6385a1c2e4b0_Vx1', title: '21天写作训练营', type: 25, fen: 19900 },
  { id: 'p_6385a1c2e4b0_Vx2', title: '职场Excel进阶专栏', type: 6, fen: 9990 },
  { id: 'i_6385a1c2e4b0_Vx3', title: '直播课：小红书运营', type: 4, fen: 2990 },
  { id: 'p_6385a1c2e4b0_Vx4', title: '年度会员', type: 5, fen: 39900 },
  { id: 'v_6385a1c2e4b0_Vx5', title: '视频课：摄影入门', type: 3, fen: 12800 },
  { id: 'g_6385a1c2e4b0_Vx6', title: '课程配套教材(实物)', type: 21, fen: 6800 },
] as const;

export interface DatasetOptions {
  orders: number;
  /** Unix seconds: creation times fall in [from, to). */
  from: number;
  to: number;
  seed?: number;
}

/** Outcome of an order: what happens after it is created. */
export const Fate = { Paid: 0, Unpaid: 1, Cancelled: 2, FullRefund: 3, PartialRefund: 4, RefundRefused: 5, GroupBuyFailed: 6 } as const;
export type Fate = (typeof Fate)[keyof typeof Fate];

export interface OrderColumns {
  n: number;
  created: Float64Array;
  /** Seconds from creation to payment (-1: never paid). */
  payDelay: Int32Array;
  product: Uint8Array;
  fate: Uint8Array;
  priceFen: Int32Array;
  couponFen: Int32Array;
  /** Unix seconds the refund was asked for (0: never), settled, and how much (分). */
  refundAsk: Float64Array;
  refundDone: Float64Array;
  refundFen: Int32Array;
  user: Int32Array;
}

export function generateOrders(o: DatasetOptions): OrderColumns {
  const rand = rng(o.seed ?? 20250101);
  const n = o.orders;
  const span = Math.max(1, o.to - o.from);
  const c: OrderColumns = {
    n,
    created: new Float64Array(n),
    payDelay: new Int32Array(n),
    product: new Uint8Array(n),
    fate: new Uint8Array(n),
    priceFen: new Int32Array(n),
    couponFen: new Int32Array(n),
    refundAsk: new Float64Array(n),
    refundDone: new Float64Array(n),
    refundFen: new Int32Array(n),
    user: new Int32Array(n),
  };
  let prev = o.from;
  for (let i = 0; i < n; i++) {
    // Increasing creation times, a little jitter inside each order's share of the span.
    const t = Math.max(prev, o.from + Math.floor((i / n) * span + rand() * (span / n)));
    prev = t;
    c.created[i] = t;
    const p = Math.floor(rand() * PRODUCTS.length);
    c.product[i] = p;
    const coupon = rand() < 0.2 ? 500 + Math.floor(rand() * 4) * 500 : 0;
    const list = (PRODUCTS[p] as (typeof PRODUCTS)[number]).fen;
    c.couponFen[i] = coupon;
    c.priceFen[i] = Math.max(1, list - coupon);
    c.user[i] = Math.floor(rand() * Math.max(10, n / 3));
    const r = rand();
    let fate: Fate = Fate.Paid;
    if (r < 0.06) fate = Fate.Unpaid;
    else if (r < 0.08) fate = Fate.Cancelled;
    else if (r < 0.18) fate = Fate.FullRefund;
    else if (r < 0.22) fate = Fate.PartialRefund;
    else if (r < 0.23) fate = Fate.RefundRefused;
    else if (r < 0.235) fate = Fate.GroupBuyFailed;
    c.fate[i] = fate;
    c.payDelay[i] = fate === Fate.Unpaid || fate === Fate.Cancelled ? -1 : 1 + Math.floor(rand() * 120);
    if (fate === Fate.FullRefund || fate === Fate.PartialRefund || fate === Fate.RefundRefused || fate === Fate.GroupBuyFailed) {
      // Asked between a few hours and 20 days after paying; settled a day later.
      const ask = t + c.payDelay[i]! + (fate === Fate.GroupBuyFailed ? 86_400 : 3600 * (2 + Math.floor(rand() * 20 * 24)));
      c.refundAsk[i] = ask;
      c.refundDone[i] = ask + 3600 * (1 + Math.floor(rand() * 24));
      c.refundFen[i] = fate === Fate.PartialRefund ? Math.max(1, Math.floor(c.priceFen[i]! / 2)) : c.priceFen[i]!;
    }
  }
  return c;
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Unix seconds → "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai. */
export function shanghaiTime(sec: number): string {
  const d = new Date((sec + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export const ZERO_TIME = '0000-00-00 00:00:00';

export function orderIdOf(c: OrderColumns, i: number): string {
  return `o_${c.created[i]}_${(i * 2654435761 >>> 0).toString(16).padStart(8, '0')}${i.toString(36)}`;
}

/** State codes of order i as of `now` (unix seconds). */
export function stateAt(c: OrderColumns, i: number, now: number): { order: number; sales: number; afterSales: number; refunded: boolean; refundTime: number } {
  const created = c.created[i]!;
  const delay = c.payDelay[i]!;
  const fate = c.fate[i] as Fate;
  if (delay < 0 || created + delay > now) {
    if (fate === Fate.Unpaid && now >= created + 1800) return { order: 6, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
    if (fate === Fate.Cancelled && now >= created + 600) return { order: 7, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
    return { order: 0, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
  }
  const ask = c.refundAsk[i]!;
  if (!ask || now < ask) return { order: 1, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
  const done = c.refundDone[i]!;
  if (now < done) return { order: 8, sales: -1, afterSales: 1, refunded: false, refundTime: 0 };
  if (fate === Fate.RefundRefused) return { order: 9, sales: -1, afterSales: 3, refunded: false, refundTime: 0 };
  if (fate === Fate.GroupBuyFailed) return { order: 3, sales: 2, afterSales: 2, refunded: true, refundTime: done };
  if (fate === Fate.PartialRefund) return { order: 11, sales: 1, afterSales: 2, refunded: true, refundTime: done };
  return { order: 10, sales: 2, afterSales: 2, refunded: true, refundTime: done };
}

/** Order i as xe.order.list.get/1.0.1 lists it at `now`, field for field as the doc example. */
export function wireRecord(c: OrderColumns, i: number, now: number): Record<string, unknown> {
  const p = PRODUCTS[c.product[i]!] as (typeof PRODUCTS)[number];
  const s = stateAt(c, i, now);
  const created = c.created[i]!;
  const paid = s.order !== 0 && s.order !== 6 && s.order !== 7;
  const physical = p.type === 21;
  return {
    order_id: orderIdOf(c, i),
    user_id: `u_${(c.user[i]! * 40503 + 0x5f3a).toString(16)}_${c.user[i]!.toString(36)}`,
    resource_type: p.type,
    resource_id: p.id,
    title: p.title,
    count: 1,
    // 实付金额 in 元 (a JSON number), coupon_price and refund_money in 分 (seed 001).
    price: c.priceFen[i]! / 100,
    coupon_id: c.couponFen[i] ? `cu_${p.id.slice(2, 10)}` : '',
    coupon_name: c.couponFen[i] ? `满减券${c.couponFen[i]! / 100}元` : '',
    coupon_price: c.couponFen[i]!,
    order_state: s.order,
    ship_state: physical ? (paid ? (s.refunded ? 1 : 2) : 1) : 0,
    sales_state: s.sales,
    pay_way: paid ? 1 : 0,
    collection_way: -1,
    out_order_id: '',
    transaction_id: paid ? `4200001${String(Math.floor(created)).padStart(10, '0')}${String(i).padStart(8, '0')}` : '',
    client_type: i % 3 === 0 ? 0 : 1,
    system_info: 'Mozilla/5.0 (Linux; Android 10) MicroMessenger/8.0.40',
    created_time: shanghaiTime(created),
    pay_time: paid ? shanghaiTime(created + c.payDelay[i]!) : ZERO_TIME,
    refund_time: s.refunded ? shanghaiTime(s.refundTime) : ZERO_TIME,
    after_sales_state: s.afterSales,
    settle_time: ZERO_TIME,
    refund_money: s.refunded ? String(c.refundFen[i]) : '',
    receiver_name: physical ? '张三' : '',
    receiver_detail: physical ? '四川省成都市武侯区天府大道100号' : '',
    receiver_phone: physical ? '13800000000' : '',
    order_type: [6],
    discount_price: c.couponFen[i]!,
    discount_data: c.couponFen[i] ? [{ discount_name: '优惠券抵扣', discount_type: 1, discount_price: c.couponFen[i]! }] : [],
    team_buy_state: 0,
    goods_no: '',
  };
}
