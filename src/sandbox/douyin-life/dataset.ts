// A deterministic set of 抖音来客 orders generated from a seed: N orders spread over a date
// range, per account, some of them updated later (status and update time move forward).
import { encryptField } from '../../connectors/douyin-life/phone.js';

export interface DatasetOptions {
  seed?: number;
  orders?: number;
  accounts?: string[];
  /** Unix seconds range the create times fall in. */
  from: number;
  to: number;
  clientSecret: string;
  /** Share of orders whose phone is returned encrypted (the rest plain, or none). */
  encryptedPhones?: boolean;
}

export interface EmulatedOrder {
  account_id: string;
  record: Record<string, unknown>;
  create: number;
  update: number;
  status: number;
}

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

const SKUS = [
  ['1760543044430907', '三星堆+熊猫基地精品团'],
  ['1760543044430911', '都江堰青城山一日游'],
  ['1760543044430925', '火锅双人套餐'],
  ['1760543044430938', '川剧变脸晚场门票'],
  ['1760543044430942', '宽窄巷子茶馆体验券'],
] as const;
const STATUSES = [200, 201, 1, 101];

export function generateOrders(o: DatasetOptions): EmulatedOrder[] {
  const rand = rng(o.seed ?? 42);
  const accounts = o.accounts?.length ? o.accounts : ['7000000000000000001'];
  const n = o.orders ?? 500;
  const span = Math.max(1, o.to - o.from);
  const out: EmulatedOrder[] = [];
  for (let i = 0; i < n; i++) {
    const account = accounts[i % accounts.length] as string;
    const create = o.from + Math.floor((i / n) * span + rand() * (span / n));
    const sku = SKUS[Math.floor(rand() * SKUS.length)] as (typeof SKUS)[number];
    const count = 1 + Math.floor(rand() * 3);
    const unit = 1000 + Math.floor(rand() * 50_000); // 分
    const original = unit * count;
    const discount = Math.floor(rand() * 3) * 500;
    const status = STATUSES[Math.floor(rand() * STATUSES.length)] as number;
    const phone = `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const orderId = (BigInt('1077940305329948933') + BigInt(i * 7919)).toString();
    const record: Record<string, unknown> = {
      order_id: orderId,
      order_status: status,
      order_type: 90,
      sku_id: sku[0],
      sku_name: sku[1],
      count,
      original_amount: original,
      pay_amount: Math.max(0, original - discount),
      payment_discount: discount,
      pay_time: status === 101 ? 0 : create + 2,
      create_order_time: create,
      update_order_time: create,
      ext_order_id: (BigInt('1078263594007388830') + BigInt(i)).toString(),
      poi_id: '6601248937912387588',
      certificate: [{ certificate_id: '', item_status: 100, item_update_time: create, order_item_id: `${orderId}01`, refund_amount: 0, refund_time: 0 }],
      contacts: [{ name: '', phone: o.encryptedPhones === false ? phone : encryptField(phone, o.clientSecret) }],
      merchant_info: { account_id: account, account_name: '沙盒商户' },
    };
    out.push({ account_id: account, record, create, update: create, status });
  }
  return out;
}

/** Move `count` orders forward (used → completed, or refunded), as the platform does later. */
export function updateSomeOrders(orders: EmulatedOrder[], count: number, at: number, seed = 7): EmulatedOrder[] {
  const rand = rng(seed);
  const changed: EmulatedOrder[] = [];
  for (let i = 0; i < count && orders.length; i++) {
    const o = orders[Math.floor(rand() * orders.length)] as EmulatedOrder;
    o.status = o.status === 1 ? 101 : 1;
    o.update = Math.max(at, o.update + 1);
    o.record = { ...o.record, order_status: o.status, update_order_time: o.update };
    changed.push(o);
  }
  return changed;
}
