// The DOU+ emulator's deterministic data: orders per 抖音号 (several per video), each with a
// budget in 分, a delivery length, and a fate (delivers to the end, is terminated early, is never
// paid, fails review). Status and cumulative metrics are functions of the emulated clock at
// 5-minute granularity: metrics grow while an order delivers and stop when it ends, and two pulls
// within one bucket see the same figures.
import { createHash } from 'node:crypto';

export type OrderFate = 'normal' | 'terminated' | 'unpaid' | 'rejected';

export interface EmulatedOrder {
  account: string;
  orderId: bigint;
  taskId: bigint;
  adId: bigint;
  itemId: bigint;
  itemTitle: string;
  authorName: string;
  /** ms since the epoch. */
  createdAt: number;
  budgetFen: number;
  deliveryHours: number;
  fate: OrderFate;
  /** Fraction of the delivery after which a terminated order stopped. */
  stopAt: number;
  /** Share of the budget a full delivery spends. */
  spendRatio: number;
  playsPerFen: number;
  likeRate: number;
  rate5s: number;
  convertEvery: number;
  bidMode: string;
  cpaBidFen: number;
}

export interface OrderMetrics {
  stat_cost: number;
  total_play: number;
  custom_like: number;
  dy_share: number;
  dy_comment: number;
  dy_follow: number;
  dy_home_visited: number;
  dp_target_convert_cnt: number;
  custom_convert_cost: number;
  play_duration_5s_rank: number;
  show_cnt: number;
}

export const STATUS_TEXT: Record<string, string> = {
  UNPAID: '未支付',
  AUDITING: '审核中',
  OFFLINE_AUDIT: '审核不通过',
  TIME_NO_REACH: '待开播',
  DELIVERING: '投放中',
  UNDELIVERIED: '投放终止',
  DELIVERIED: '投放完成',
  AUDIT_PAUSE: '审核暂停',
  WAIT_TO_START: '等待开始',
};

const TITLES = ['周末探店vlog', '新品开箱', '三分钟学会做红烧肉', '门店环境实拍', '老板娘的一天', '春季穿搭', '宝藏小店推荐', '手工咖啡教程', '爆款套餐测评', '夜市美食合集'];
const BUDGETS_FEN = [10_000, 20_000, 5_000, 50_000, 9_997, 100_000, 30_000, 15_050];
const HOURS = [2, 6, 12, 24, 48];
const AUDIT_MS = 10 * 60_000;
export const BUCKET_MS = 5 * 60_000;

function hash(...parts: (string | number | bigint)[]): Buffer {
  return createHash('sha256').update(parts.join('|')).digest();
}

function int64(...parts: (string | number | bigint)[]): bigint {
  // Real order ids are 16 digits (1851843077988506), video ids 19 (7578051213799787817).
  return hash(...parts).readBigUInt64BE(0);
}

export interface DatasetOptions {
  seed: string;
  accounts: string[];
  ordersPerAccount: number;
  /** Orders are created over the span [anchor - spanHours, anchor]. */
  anchor: number;
  spanHours: number;
  /** 'mixed': every fate and length; 'delivering': 48-hour orders that all deliver (benchmarks). */
  profile: 'mixed' | 'delivering';
}

export function buildOrders(o: DatasetOptions): EmulatedOrder[] {
  const out: EmulatedOrder[] = [];
  for (const account of o.accounts) {
    const videos = Math.max(1, Math.ceil(o.ordersPerAccount / 3));
    for (let i = 0; i < o.ordersPerAccount; i++) {
      const h = hash(o.seed, account, 'order', i);
      const video = h.readUInt32BE(0) % videos;
      const fateRoll = h.readUInt8(4) % 20;
      const fate: OrderFate = o.profile === 'delivering' ? 'normal' : fateRoll === 0 ? 'unpaid' : fateRoll === 1 ? 'rejected' : fateRoll < 5 ? 'terminated' : 'normal';
      // Spread create times evenly with a little jitter, to the second.
      const step = (o.spanHours * 3_600_000) / Math.max(1, o.ordersPerAccount);
      const createdAt = Math.floor((o.anchor - o.spanHours * 3_600_000 + i * step + (h.readUInt16BE(6) % Math.max(1, Math.floor(step)))) / 1000) * 1000;
      out.push({
        account,
        orderId: 1_800_000_000_000_000n + (int64(o.seed, account, 'oid', i) % 99_999_999_999_999n),
        taskId: 1_700_000_000_000_000n + (int64(o.seed, account, 'tid', i) % 99_999_999_999_999n),
        adId: 1_790_000_000_000_000n + (int64(o.seed, account, 'aid', i) % 9_999_999_999_999n),
        itemId: 7_000_000_000_000_000_000n + (int64(o.seed, account, 'video', video) % 999_999_999_999_999_999n),
        itemTitle: `${TITLES[video % TITLES.length]} #${video + 1}`,
        authorName: `抖音号${account.slice(-4)}`,
        createdAt: Math.min(createdAt, o.anchor),
        budgetFen: BUDGETS_FEN[h.readUInt8(8) % BUDGETS_FEN.length] as number,
        deliveryHours: o.profile === 'delivering' ? 48 : (HOURS[h.readUInt8(9) % HOURS.length] as number),
        fate,
        stopAt: 0.3 + (h.readUInt8(10) % 60) / 100,
        spendRatio: 0.85 + (h.readUInt8(11) % 16) / 100,
        playsPerFen: 3 + (h.readUInt8(12) % 6),
        likeRate: 0.01 + (h.readUInt8(13) % 30) / 1000,
        rate5s: Math.round((0.2 + (h.readUInt8(14) % 50) / 100) * 10_000) / 10_000,
        convertEvery: 800 + (h.readUInt16BE(15) % 3000),
        bidMode: ['保播放', '保转化', '自动出价'][h.readUInt8(17) % 3] as string,
        cpaBidFen: 100 + (h.readUInt8(18) % 50) * 10,
      });
    }
  }
  return out;
}

/** When delivery runs: [start, end) in ms; undefined for an order that never delivers. */
export function deliverySpan(o: EmulatedOrder): { start: number; end: number } | undefined {
  if (o.fate === 'unpaid' || o.fate === 'rejected') return undefined;
  const start = o.createdAt + AUDIT_MS;
  const full = o.deliveryHours * 3_600_000;
  return { start, end: start + (o.fate === 'terminated' ? Math.floor(full * o.stopAt) : full) };
}

export function statusAt(o: EmulatedOrder, now: number): string {
  if (o.fate === 'unpaid') return 'UNPAID';
  if (now < o.createdAt + AUDIT_MS) return 'AUDITING';
  if (o.fate === 'rejected') return 'OFFLINE_AUDIT';
  const span = deliverySpan(o) as { start: number; end: number };
  if (now < span.end) return 'DELIVERING';
  return o.fate === 'terminated' ? 'UNDELIVERIED' : 'DELIVERIED';
}

/** Cumulative metrics delivered up to `at` (floored to the 5-minute bucket). */
export function metricsAt(o: EmulatedOrder, at: number): OrderMetrics {
  const span = deliverySpan(o);
  const bucket = Math.floor(at / BUCKET_MS) * BUCKET_MS;
  const full = o.deliveryHours * 3_600_000;
  const elapsed = span ? Math.max(0, Math.min(bucket, span.end) - span.start) : 0;
  const costFen = Math.floor((o.budgetFen * o.spendRatio * elapsed) / full);
  const plays = costFen * o.playsPerFen;
  const conversions = Math.floor(plays / o.convertEvery);
  return {
    stat_cost: costFen,
    total_play: plays,
    custom_like: Math.floor(plays * o.likeRate),
    dy_share: Math.floor(plays * 0.002),
    dy_comment: Math.floor(plays * 0.001),
    dy_follow: Math.floor(plays * 0.0015),
    dy_home_visited: Math.floor(plays * 0.01),
    dp_target_convert_cnt: conversions,
    custom_convert_cost: conversions ? Math.round(costFen / conversions) : 0,
    play_duration_5s_rank: plays ? o.rate5s : 0,
    show_cnt: Math.floor(plays * 1.2),
  };
}

/** Metrics accrued within [from, to] (a report's stat_time span). */
export function metricsBetween(o: EmulatedOrder, from: number, to: number): OrderMetrics {
  const a = metricsAt(o, to);
  if (from <= o.createdAt) return a;
  const b = metricsAt(o, from);
  const cost = a.stat_cost - b.stat_cost;
  const conv = a.dp_target_convert_cnt - b.dp_target_convert_cnt;
  return {
    stat_cost: cost,
    total_play: a.total_play - b.total_play,
    custom_like: a.custom_like - b.custom_like,
    dy_share: a.dy_share - b.dy_share,
    dy_comment: a.dy_comment - b.dy_comment,
    dy_follow: a.dy_follow - b.dy_follow,
    dy_home_visited: a.dy_home_visited - b.dy_home_visited,
    dp_target_convert_cnt: conv,
    custom_convert_cost: conv ? Math.round(cost / conv) : 0,
    play_duration_5s_rank: a.total_play - b.total_play ? o.rate5s : 0,
    show_cnt: a.show_cnt - b.show_cnt,
  };
}
