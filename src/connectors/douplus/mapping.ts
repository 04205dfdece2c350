// DOU+ records → rows. Money: budget, ad budget, stat_cost and custom_convert_cost are 分 on the
// wire (integers in the official SDK; DOUPLUS_COST_UNIT / DOUPLUS_CPA_BID_UNIT switch to 元) and
// stored as exact 元 decimals. Times: order_create_time "YYYY-MM-DD HH:mm:ss" is Asia/Shanghai.
// A report row is per ad (GROUP_BY_AD_ID); an order's snapshot sums its ads, so an order's row
// shows its own figures, never its video's totals.
import { PlatformError } from '../../engine/types.js';
import { fenToYuan, yuanToDecimal } from '../../money.js';
import { idText, type OrderListItem, type ReportItem } from './client.js';

/** task_status values of the SDK enum, with the Chinese text people see in the DOU+ app. */
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

/** Statuses after which an order spends nothing more. */
export const ENDED_STATUSES = ['UNDELIVERIED', 'DELIVERIED'];
/** Statuses in which an order never spends. */
export const DEAD_STATUSES = ['UNPAID', 'OFFLINE_AUDIT'];

export type Unit = 'fen' | 'yuan';

export interface OrderRow {
  order_id: string;
  account_id: string;
  task_id: string | null;
  scene_type: string | null;
  item_id: string | null;
  item_title: string | null;
  author_name: string | null;
  room_id: string | null;
  status: string;
  status_text: string | null;
  budget: string | null;
  create_time: string;
  live_scene: string | null;
  renew_count: number | null;
  raw_data: OrderListItem;
}

export interface AdRow {
  order_id: string;
  ad_id: string;
  account_id: string;
  ad_status: string | null;
  budget: string | null;
  cpa_bid: string | null;
  bid_mode: string | null;
  delivery_hours: string | null;
  external_action: string | null;
  external_action_text: string | null;
  is_fans: boolean | null;
  raw_data: Record<string, unknown>;
}

export interface StatsRow {
  order_id: string;
  stat_time: string;
  account_id: string;
  item_id: string | null;
  cost: string;
  plays: number;
  likes: number;
  shares: number;
  comments: number;
  follows: number;
  home_visits: number | null;
  shows: number | null;
  conversions: number;
  cost_per_conversion: string | null;
  play_5s_rate: string | null;
}

const malformed = (why: string) => new PlatformError('malformed', why);

function money(value: unknown, unit: Unit, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  try {
    return unit === 'fen' ? fenToYuan(value) : yuanToDecimal(value);
  } catch (e) {
    throw malformed(`${what}: ${(e as Error).message}`);
  }
}

/** "2026-01-26 12:00:00" (Asia/Shanghai) → ISO instant; throws malformed otherwise. */
export function parseShanghaiTime(text: unknown, what: string): string {
  const m = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim()) : null;
  if (!m) throw malformed(`${what}: not a "YYYY-MM-DD HH:mm:ss" time (${JSON.stringify(text)})`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) - 8 * 3_600_000;
  const back = new Date(ms + 8 * 3_600_000);
  if (back.getUTCMonth() !== (mo as number) - 1 || back.getUTCDate() !== d || (h as number) > 23 || (mi as number) > 59 || (s as number) > 59) {
    throw malformed(`${what}: no such time (${JSON.stringify(text)})`);
  }
  return new Date(ms).toISOString();
}

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

export function toOrderRow(item: OrderListItem, account: string): OrderRow {
  const o = item.order;
  const orderId = idText(o?.order_id);
  if (!o || !orderId) throw malformed(`an order_list item has no order.order_id: ${JSON.stringify(item).slice(0, 200)}`);
  const status = typeof o.task_status === 'string' && o.task_status.trim() ? o.task_status.trim() : undefined;
  if (!status) throw malformed(`order ${orderId}: no task_status`);
  const video = item.item_info_list?.[0];
  return {
    order_id: orderId,
    account_id: account,
    task_id: idText(o.task_id) ?? str(o.task_id),
    scene_type: str(o.scene_type),
    item_id: video ? (idText(video.aweme_item_id) ?? str(video.aweme_item_id)) : null,
    item_title: str(video?.aweme_item_title),
    author_name: str(video?.aweme_author_name),
    room_id: item.live_room_info ? str(item.live_room_info.room_id) : null,
    status,
    // A status outside the enum is kept as sent; people see the code itself.
    status_text: STATUS_TEXT[status] ?? null,
    budget: money(o.budget, 'fen', `order ${orderId}: budget`),
    create_time: parseShanghaiTime(o.order_create_time, `order ${orderId}: order_create_time`),
    live_scene: str(o.live_scene),
    renew_count: typeof o.renew_count === 'number' ? o.renew_count : null,
    raw_data: item,
  };
}

export function toAdRows(item: OrderListItem, account: string, cpaBidUnit: Unit): AdRow[] {
  const orderId = idText(item.order?.order_id);
  if (!orderId) return [];
  return (item.ad_list ?? []).map((ad) => {
    const adId = idText(ad.ad_id);
    if (!adId) throw malformed(`order ${orderId}: an ad without ad_id`);
    const hours = ad.delivery_time;
    return {
      order_id: orderId,
      ad_id: adId,
      account_id: account,
      ad_status: str(ad.ad_status),
      budget: money(ad.budget, 'fen', `order ${orderId} ad ${adId}: budget`),
      cpa_bid: money(ad.cpa_bid, cpaBidUnit, `order ${orderId} ad ${adId}: cpa_bid`),
      bid_mode: str(ad.bid_mode),
      delivery_hours: typeof hours === 'number' && Number.isFinite(hours) ? yuanToDecimal(hours) : null,
      external_action: str(ad.external_action),
      external_action_text: str(ad.external_action_text),
      is_fans: typeof ad.is_fans === 'boolean' ? ad.is_fans : null,
      raw_data: ad,
    };
  });
}

function count(m: Record<string, unknown>, field: string, orderId: string, optional = false): number | null {
  const v = m[field];
  if (v === undefined || v === null) return optional ? null : 0; // a metric left out of a row is 0 for it
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw malformed(`order ${orderId}: ${field} is not a count (${JSON.stringify(v)})`);
  return n;
}

/** A rate as sent (0.36) → exact decimal text; null when absent. */
function rate(v: unknown, orderId: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw malformed(`order ${orderId}: play_duration_5s_rank is not a rate (${JSON.stringify(v)})`);
  return /e/i.test(String(v)) ? v.toFixed(6) : String(v);
}

function fenOf(v: unknown, unit: Unit, what: string): bigint {
  if (v === undefined || v === null || v === '') return 0n;
  const text = money(v, unit, what) as string;
  const [w, f = '00'] = text.replace('-', '').split('.');
  const cents = BigInt(w as string) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  return text.startsWith('-') ? -cents : cents;
}
const yuanText = (fen: bigint) => `${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`;

/**
 * One snapshot per order at `statTime` from the report's per-ad rows: counts and cost summed over
 * the order's ads; the cost per conversion is the platform's when the order has one ad, else
 * cost ÷ conversions; the 5-second rate is plays-weighted.
 */
export function toStatsRows(items: ReportItem[], account: string, statTime: Date, costUnit: Unit): StatsRow[] {
  const byOrder = new Map<string, { row: StatsRow; costFen: bigint; ads: number; platformCpc: string | null; rateSum: number; ratePlays: number; rates: (string | null)[] }>();
  for (const item of items) {
    const orderId = idText(item.dimension_data?.order_id);
    if (!orderId) throw malformed(`a report row has no dimension_data.order_id: ${JSON.stringify(item).slice(0, 200)}`);
    const m = item.metrics_data;
    if (!m || typeof m !== 'object') throw malformed(`order ${orderId}: a report row has no metrics_data`);
    const costFen = fenOf(m.stat_cost, costUnit, `order ${orderId}: stat_cost`);
    const plays = count(m, 'total_play', orderId) as number;
    const r = rate(m.play_duration_5s_rank, orderId);
    const cur = {
      plays,
      likes: count(m, 'custom_like', orderId) as number,
      shares: count(m, 'dy_share', orderId) as number,
      comments: count(m, 'dy_comment', orderId) as number,
      follows: count(m, 'dy_follow', orderId) as number,
      home_visits: count(m, 'dy_home_visited', orderId, true),
      shows: count(m, 'show_cnt', orderId, true),
      conversions: count(m, 'dp_target_convert_cnt', orderId) as number,
    };
    const cpc = cur.conversions ? money(m.custom_convert_cost, costUnit, `order ${orderId}: custom_convert_cost`) : null;
    const prev = byOrder.get(orderId);
    if (!prev) {
      byOrder.set(orderId, {
        row: {
          order_id: orderId,
          stat_time: statTime.toISOString(),
          account_id: account,
          item_id: idText(item.dimension_data?.item_id) ?? null,
          cost: '0.00',
          ...cur,
          cost_per_conversion: null,
          play_5s_rate: null,
        },
        costFen,
        ads: 1,
        platformCpc: cpc,
        rateSum: r === null ? 0 : Number(r) * plays,
        ratePlays: r === null ? 0 : plays,
        rates: [r],
      });
      continue;
    }
    const row = prev.row;
    prev.costFen += costFen;
    prev.ads += 1;
    row.plays += cur.plays;
    row.likes += cur.likes;
    row.shares += cur.shares;
    row.comments += cur.comments;
    row.follows += cur.follows;
    row.home_visits = row.home_visits === null || cur.home_visits === null ? (row.home_visits ?? cur.home_visits) : row.home_visits + cur.home_visits;
    row.shows = row.shows === null || cur.shows === null ? (row.shows ?? cur.shows) : row.shows + cur.shows;
    row.conversions += cur.conversions;
    if (r !== null) {
      prev.rateSum += Number(r) * plays;
      prev.ratePlays += plays;
    }
    prev.rates.push(r);
  }
  return [...byOrder.values()].map((e) => {
    const row = e.row;
    row.cost = yuanText(e.costFen);
    if (e.ads === 1) {
      row.cost_per_conversion = e.platformCpc;
      row.play_5s_rate = e.rates[0] ?? null;
    } else {
      row.cost_per_conversion = row.conversions ? yuanText((e.costFen * 2n + BigInt(row.conversions)) / (2n * BigInt(row.conversions))) : null;
      row.play_5s_rate = e.ratePlays ? (Math.round((e.rateSum / e.ratePlays) * 1e6) / 1e6).toString() : (e.rates.find((x) => x !== null) ?? null);
    }
    return row;
  });
}
