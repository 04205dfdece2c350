// The DOU+ streams.
// `orders`: the order list filtered on create time (the window), oldest first, 100 per page, one
// slice per window (pages resume from the checkpoint); upserted on order_id, ads as a child table.
// `order_stats`: every 5 minutes, the cumulative report of the 抖音号's followed orders (any not ended,
// never-spending status, plus those that ended within DOUPLUS_ENDED_FOLLOW_HOURS), 100 order ids per page; each
// order's figures become a snapshot at the 5-minute bucket of the window's end, and a snapshot
// equal to the order's previous one is not written.
import type { ColumnSpec, LoadTarget, StreamDeclaration } from '../../engine/types.js';
import type { DouplusClient, OrderListItem } from './client.js';
import { shanghaiDate } from './client.js';
import { DEAD_STATUSES, ENDED_STATUSES, STATUS_TEXT, toAdRows, toOrderRow, toStatsRows, type StatsRow } from './mapping.js';

export const ORDERS_TABLE = 'douplus_orders';
export const ADS_TABLE = 'douplus_order_ads';
export const STATS_TABLE = 'douplus_order_stats';

export const BUCKET_MS = 5 * 60_000;
/** The 5-minute bucket (Asia/Shanghai has no DST and a whole-hour offset: UTC-aligned) containing `d`. */
export function bucketOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / BUCKET_MS) * BUCKET_MS);
}

const ORDER_COLUMNS: ColumnSpec[] = [
  { name: 'order_id', type: 'text' },
  { name: 'account_id', type: 'text' },
  { name: 'task_id', type: 'text' },
  { name: 'scene_type', type: 'text' },
  { name: 'item_id', type: 'text' },
  { name: 'item_title', type: 'text' },
  { name: 'author_name', type: 'text' },
  { name: 'room_id', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'status_text', type: 'text' },
  { name: 'budget', type: 'numeric' },
  { name: 'create_time', type: 'timestamptz' },
  { name: 'live_scene', type: 'text' },
  { name: 'renew_count', type: 'integer' },
  { name: 'raw_data', type: 'jsonb' },
];

export const ADS_TARGET: LoadTarget = {
  table: ADS_TABLE,
  primaryKey: ['order_id', 'ad_id'],
  columns: [
    { name: 'order_id', type: 'text' },
    { name: 'ad_id', type: 'text' },
    { name: 'account_id', type: 'text' },
    { name: 'ad_status', type: 'text' },
    { name: 'budget', type: 'numeric' },
    { name: 'cpa_bid', type: 'numeric' },
    { name: 'bid_mode', type: 'text' },
    { name: 'delivery_hours', type: 'numeric' },
    { name: 'external_action', type: 'text' },
    { name: 'external_action_text', type: 'text' },
    { name: 'is_fans', type: 'boolean' },
    { name: 'raw_data', type: 'jsonb' },
  ],
};

export const STATS_COLUMNS: ColumnSpec[] = [
  { name: 'order_id', type: 'text' },
  { name: 'stat_time', type: 'timestamptz' },
  { name: 'account_id', type: 'text' },
  { name: 'item_id', type: 'text' },
  { name: 'cost', type: 'numeric' },
  { name: 'plays', type: 'bigint' },
  { name: 'likes', type: 'bigint' },
  { name: 'shares', type: 'bigint' },
  { name: 'comments', type: 'bigint' },
  { name: 'follows', type: 'bigint' },
  { name: 'home_visits', type: 'bigint' },
  { name: 'shows', type: 'bigint' },
  { name: 'conversions', type: 'bigint' },
  { name: 'cost_per_conversion', type: 'numeric' },
  { name: 'play_5s_rate', type: 'numeric' },
];

/** Warned once per process per unknown status, not on every 5-minute pass. */
const warnedStatuses = new Set<string>();

export const ordersStream: StreamDeclaration<DouplusClient, OrderListItem> = {
  name: 'orders',
  table: ORDERS_TABLE,
  primaryKey: ['order_id'],
  columns: ORDER_COLUMNS,
  mode: 'upsert',
  slice: 'none',
  async fetchPage(client, req, signal) {
    const page = await client.orderPage({ from: req.slice.from, to: req.slice.to }, req.page, signal);
    // Mapped here once to check the page (inside the engine's retry, so a bad order is reported
    // as a response we cannot read, with the order and field named); toRows maps again.
    for (const r of page.records) {
      toOrderRow(r, req.account);
      toAdRows(r, req.account, client.settings.DOUPLUS_CPA_BID_UNIT);
    }
    return { records: page.records, hasMore: req.page < page.totalPage && page.records.length > 0 };
  },
  toRows(records, ctx) {
    const rows = records.map((r) => toOrderRow(r, ctx.account));
    for (const r of rows) {
      if (!(r.status in STATUS_TEXT) && !warnedStatuses.has(r.status)) {
        warnedStatuses.add(r.status);
        ctx.client.log.warn({ order: r.order_id, status: r.status }, `DOU+: order status ${r.status} is not one Tongbu knows; the order is kept with its status as sent and followed like a delivering one`);
      }
    }
    return rows as unknown as Record<string, unknown>[];
  },
  children: [
    {
      target: ADS_TARGET,
      toRows: (records, ctx) => records.flatMap((r) => toAdRows(r, ctx.account, ctx.client.settings.DOUPLUS_CPA_BID_UNIT)) as unknown as Record<string, unknown>[],
    },
  ],
};

/** Order ids (with their create day) whose stats a pass at `at` follows, for one 抖音号. */
export async function followedOrders(client: DouplusClient, at: Date): Promise<{ id: string; day: string }[]> {
  const hours = client.settings.DOUPLUS_ENDED_FOLLOW_HOURS;
  const res = await client.pool.query<{ order_id: string; create_time: Date }>(
    `SELECT order_id, create_time FROM ${ORDERS_TABLE}
      WHERE account_id = $1 AND create_time <= $2 AND status <> ALL($3)
        AND (status <> ALL($4) OR status_changed_at > $2::timestamptz - make_interval(hours => $5))
      ORDER BY order_id`,
    [client.account, at, DEAD_STATUSES, ENDED_STATUSES, hours],
  );
  return res.rows.map((r) => ({ id: r.order_id, day: shanghaiDate(r.create_time) }));
}

export const orderStatsStream: StreamDeclaration<DouplusClient, StatsRow> = {
  name: 'order_stats',
  table: STATS_TABLE,
  primaryKey: ['order_id', 'stat_time'],
  columns: STATS_COLUMNS,
  mode: 'snapshot',
  snapshot: { entity: ['order_id'], time: 'stat_time' },
  slice: 'none',
  async fetchPage(client, req, signal) {
    const late = Date.now() - req.slice.to.getTime();
    if (late > client.settings.DOUPLUS_STATS_MAX_LATE_MINUTES * 60_000) {
      if (req.page === 1) client.log.info({ account: req.account, windowEnd: req.slice.to }, 'DOU+: the window ended too long ago for a stats pass (figures are "now"); orders only');
      return { records: [], hasMore: false };
    }
    const key = req.slice.from.toISOString();
    let plan = client.statsPlans.get(key);
    if (!plan) {
      // The bucket the pass is for: the window's end (a scheduled pass: the bucket that just
      // closed), never later than now.
      const statTime = bucketOf(new Date(Math.min(req.slice.to.getTime(), Date.now())));
      const followed = await followedOrders(client, new Date(Math.max(req.slice.to.getTime(), Date.now())));
      plan = { ids: followed.map((f) => f.id), statTime, firstDay: new Map(followed.map((f) => [f.id, f.day])) };
      client.statsPlans.set(key, plan);
    }
    // One page = DOUPLUS_PAGE_SIZE order ids (≤ 100), so a report answer is one page too.
    const per = client.settings.DOUPLUS_PAGE_SIZE;
    const chunk = plan.ids.slice((req.page - 1) * per, req.page * per);
    if (chunk.length === 0) return { records: [], hasMore: false };
    // The report sums a span of days: from the oldest order's create day (cumulative figures),
    // at most 180 days back (the API's limit), to today.
    const today = shanghaiDate(new Date());
    const limit = shanghaiDate(new Date(Date.now() - 179 * 86_400_000));
    let begin = today;
    for (const id of chunk) {
      const d = plan.firstDay.get(id) as string;
      if (d < begin) begin = d;
    }
    if (begin < limit) begin = limit;
    const records = await client.report(chunk, begin, today, signal);
    const asked = new Set(chunk);
    const stray = [...new Set(records.map((r) => String(r.dimension_data?.order_id ?? '')))].filter((id) => id && !asked.has(id));
    if (stray.length) {
      client.log.warn({ account: client.account, orders: stray }, `DOU+: the report holds ${stray.length} order(s) the order list has not shown yet; their snapshots are kept and the orders appear with the next order sync`);
    }
    // Mapped here (inside the engine's retry): a malformed row fails the page as a response we
    // cannot read, naming the order and the field.
    const rows = toStatsRows(records, req.account, plan.statTime, client.settings.DOUPLUS_COST_UNIT);
    return { records: rows, hasMore: req.page * per < plan.ids.length };
  },
  toRows(records) {
    return records as unknown as Record<string, unknown>[];
  },
};
