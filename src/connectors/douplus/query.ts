// The DOU+ query operations behind GET /api/douplus/*, `/douplus` in chat and the summary: the
// order list (each order with its OWN latest snapshot: two orders on one video show different
// figures, the seed's hard-won rule), an order's detail with its 5-minute series, the video
// ranking and the per-account totals for a period. A period's figures are the cumulative totals
// at its end minus those at its start (snapshots are cumulative); money is summed in SQL numeric.
import { z } from 'zod';
import type { Pool } from '../../db/pool.js';
import { dayStart } from '../../engine/time.js';
import { PERIODS, type Period } from './periods.js';

export { PERIODS, periodStart, type Period } from './periods.js';

const dayOrInstant = z
  .string()
  .trim()
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || !Number.isNaN(Date.parse(v)), { error: 'must be YYYY-MM-DD or an ISO time' });

export const orderListParams = z
  .object({
    account: z.string().trim().min(1).optional(),
    status: z.string().trim().regex(/^[A-Z_]+(,[A-Z_]+)*$/, { error: 'must be statuses such as DELIVERING or DELIVERING,DELIVERIED' }).optional(),
    video: z.string().trim().regex(/^\d+$/, { error: 'must be a video id (item_id, digits)' }).optional(),
    created_from: dayOrInstant.optional(),
    created_to: dayOrInstant.optional(),
    sort: z.enum(['cost', 'plays', 'conversions', 'created'], { error: 'must be one of cost, plays, conversions, created' }).default('created'),
    order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('desc'),
    page: z.coerce.number({ error: 'must be a whole number ≥ 1' }).int({ error: 'must be a whole number ≥ 1' }).min(1, { error: 'must be a whole number ≥ 1' }).default(1),
    page_size: z.coerce.number({ error: 'must be 1–100' }).int({ error: 'must be 1–100' }).min(1, { error: 'must be 1–100' }).max(100, { error: 'must be 1–100' }).default(20),
  })
  .strict();
export type OrderListParams = z.infer<typeof orderListParams>;

export const rankingParams = z
  .object({
    period: z.enum(PERIODS, { error: 'must be one of today, 7d, 30d, all' }).default('7d'),
    account: z.string().trim().min(1).optional(),
    limit: z.coerce.number({ error: 'must be 1–200' }).int({ error: 'must be 1–200' }).min(1, { error: 'must be 1–200' }).max(200, { error: 'must be 1–200' }).default(50),
  })
  .strict();
export type RankingParams = z.infer<typeof rankingParams>;

const bound = (v: string, end: boolean): Date => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(dayStart(v).getTime() + (end ? 86_400_000 - 1 : 0)) : new Date(v));

const SORT_SQL: Record<OrderListParams['sort'], string> = {
  cost: 'l.cost',
  plays: 'l.plays',
  conversions: 'l.conversions',
  created: 'o.create_time',
};

export interface OrderListItemView {
  order_id: string;
  task_id: string | null;
  account_id: string;
  item_id: string | null;
  item_title: string | null;
  status: string;
  status_text: string | null;
  budget: string | null;
  create_time: string;
  /** The order's own latest snapshot (null before its first report). */
  stats: {
    stat_time: string;
    cost: string;
    plays: number;
    likes: number;
    shares: number;
    comments: number;
    follows: number;
    conversions: number;
    cost_per_conversion: string | null;
    play_5s_rate: string | null;
  } | null;
}

type OrderJoinRow = Record<string, unknown> & { stat_time: Date | null; create_time: Date };

function orderView(r: OrderJoinRow): OrderListItemView {
  return {
    order_id: r.order_id as string,
    task_id: r.task_id as string | null,
    account_id: r.account_id as string,
    item_id: r.item_id as string | null,
    item_title: r.item_title as string | null,
    status: r.status as string,
    status_text: r.status_text as string | null,
    budget: r.budget as string | null,
    create_time: r.create_time.toISOString(),
    stats: r.stat_time
      ? {
          stat_time: r.stat_time.toISOString(),
          cost: r.cost as string,
          plays: Number(r.plays),
          likes: Number(r.likes),
          shares: Number(r.shares),
          comments: Number(r.comments),
          follows: Number(r.follows),
          conversions: Number(r.conversions),
          cost_per_conversion: r.cost_per_conversion as string | null,
          play_5s_rate: r.play_5s_rate as string | null,
        }
      : null,
  };
}

const ORDER_COLUMNS = `o.order_id, o.task_id, o.account_id, o.item_id, o.item_title, o.status, o.status_text, o.budget::text AS budget, o.create_time,
  l.stat_time, l.cost::text AS cost, l.plays, l.likes, l.shares, l.comments, l.follows, l.conversions, l.cost_per_conversion::text AS cost_per_conversion, l.play_5s_rate::text AS play_5s_rate`;

export async function listOrders(pool: Pool, p: OrderListParams): Promise<{ orders: OrderListItemView[]; page: number; page_size: number; total: number }> {
  const where: string[] = [];
  const args: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    args.push(v);
    where.push(sql.replace('?', `$${args.length}`));
  };
  if (p.account) add('o.account_id = ?', p.account);
  if (p.status) add('o.status = ANY(?)', p.status.split(','));
  if (p.video) add('o.item_id = ?', p.video);
  if (p.created_from) add('o.create_time >= ?', bound(p.created_from, false));
  if (p.created_to) add('o.create_time <= ?', bound(p.created_to, true));
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM douplus_orders o ${w}`, args);
  total.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  const offset = (p.page - 1) * p.page_size;
  let rows: OrderJoinRow[];
  if (p.sort !== 'created' && p.order === 'desc') {
    // Walk the latest-snapshot index by the figure (orders with stats first), then the orders
    // without stats yet, newest id first — the same order as "figure DESC NULLS LAST".
    const col = SORT_SQL[p.sort];
    const withStats = (
      await pool.query<OrderJoinRow>(
        `SELECT ${ORDER_COLUMNS} FROM douplus_order_latest l JOIN douplus_orders o ON o.order_id = l.order_id ${w}
          ORDER BY ${col} DESC, l.order_id DESC LIMIT ${p.page_size} OFFSET ${offset}`,
        args,
      )
    ).rows;
    rows = withStats;
    if (withStats.length < p.page_size) {
      const counted = (
        await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM douplus_order_latest l JOIN douplus_orders o ON o.order_id = l.order_id ${w}`, args)
      ).rows[0] as { n: number };
      const rest = await pool.query<OrderJoinRow>(
        `SELECT ${ORDER_COLUMNS} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id
          ${w ? `${w} AND` : 'WHERE'} l.order_id IS NULL ORDER BY o.order_id DESC LIMIT ${p.page_size - withStats.length} OFFSET ${Math.max(0, offset - counted.n)}`,
        args,
      );
      rows = [...withStats, ...rest.rows];
    }
  } else {
    const dir = p.order === 'asc' ? 'ASC' : 'DESC';
    const nulls = p.order === 'asc' ? 'NULLS FIRST' : 'NULLS LAST';
    rows = (
      await pool.query<OrderJoinRow>(
        `SELECT ${ORDER_COLUMNS} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id ${w}
          ORDER BY ${SORT_SQL[p.sort]} ${dir} ${nulls}, o.order_id ${dir} LIMIT ${p.page_size} OFFSET ${offset}`,
        args,
      )
    ).rows;
  }
  return { orders: rows.map(orderView), page: p.page, page_size: p.page_size, total: ((await total).rows[0] as { n: number }).n };
}

export async function orderDetail(pool: Pool, orderId: string): Promise<{ order: OrderListItemView; ads: Record<string, unknown>[]; series: Record<string, unknown>[] } | undefined> {
  const o = await pool.query<OrderJoinRow>(`SELECT ${ORDER_COLUMNS} FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id WHERE o.order_id = $1`, [orderId]);
  const row = o.rows[0];
  if (!row) return undefined;
  const [ads, series] = await Promise.all([
    pool.query(
      `SELECT ad_id, ad_status, budget::text AS budget, cpa_bid::text AS cpa_bid, bid_mode, delivery_hours::text AS delivery_hours, external_action_text
         FROM douplus_order_ads WHERE order_id = $1 ORDER BY ad_id`,
      [orderId],
    ),
    pool.query<{ stat_time: Date } & Record<string, string | null>>(
      `SELECT stat_time, cost::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, comments::text AS comments, follows::text AS follows,
              conversions::text AS conversions, cost_per_conversion::text AS cost_per_conversion, play_5s_rate::text AS play_5s_rate
         FROM douplus_order_stats WHERE order_id = $1 ORDER BY stat_time`,
      [orderId],
    ),
  ]);
  return {
    order: orderView(row),
    ads: ads.rows,
    series: series.rows.map((s) => ({
      ...s,
      stat_time: s.stat_time.toISOString(),
      plays: Number(s.plays),
      likes: Number(s.likes),
      shares: Number(s.shares),
      comments: Number(s.comments),
      follows: Number(s.follows),
      conversions: Number(s.conversions),
    })),
  };
}

export interface VideoRankingRow {
  item_id: string;
  item_title: string | null;
  accounts: string[];
  orders: number;
  cost: string;
  plays: number;
  likes: number;
  shares: number;
  conversions: number;
  /** Plays per 100 元 spent in the period; null when nothing was spent. */
  plays_per_100_yuan: string | null;
  cost_per_conversion: string | null;
  like_rate: string | null;
  share_rate: string | null;
}

/**
 * Videos by cost in the period, as of the latest stats pass: the precomputed per-account ranking
 * (douplus_video_ranking) summed over accounts. Rates are recomputed for the period.
 */
export async function videoRanking(pool: Pool, p: { period: Period; account?: string; limit: number }): Promise<{ asOf: string | null; videos: VideoRankingRow[] }> {
  // One index range: the period's rows of the account (or of '*', all accounts), by cost.
  const res = await pool.query<Record<string, unknown>>(
    `SELECT item_id, item_title, coalesce(accounts, ARRAY[account_id]) AS accounts, order_count AS orders, as_of,
            cost::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, conversions::text AS conversions,
            CASE WHEN cost > 0 THEN round(plays * 100 / cost, 2)::text END AS plays_per_100_yuan,
            CASE WHEN conversions > 0 THEN round(cost / conversions, 2)::text END AS cost_per_conversion,
            CASE WHEN plays > 0 THEN round(likes::numeric / plays, 4)::text END AS like_rate,
            CASE WHEN plays > 0 THEN round(shares::numeric / plays, 4)::text END AS share_rate
       FROM douplus_video_ranking r WHERE period = $1 AND account_id = $2
      ORDER BY r.cost DESC, r.item_id LIMIT $3`,
    [p.period, p.account ?? '*', p.limit],
  );
  const asOf = res.rows.reduce<Date | null>((m, r) => (!m || (r.as_of as Date) > m ? (r.as_of as Date) : m), null);
  return {
    asOf: asOf ? asOf.toISOString() : null,
    videos: res.rows.map((r) => ({
      item_id: r.item_id as string,
      item_title: r.item_title as string | null,
      accounts: r.accounts as string[],
      orders: r.orders as number,
      cost: r.cost as string,
      plays: Number(r.plays),
      likes: Number(r.likes),
      shares: Number(r.shares),
      conversions: Number(r.conversions),
      plays_per_100_yuan: r.plays_per_100_yuan as string | null,
      cost_per_conversion: r.cost_per_conversion as string | null,
      like_rate: r.like_rate as string | null,
      share_rate: r.share_rate as string | null,
    })),
  };
}

export interface AccountTotals {
  account_id: string;
  orders: number;
  delivering: number;
  cost: string;
  plays: number;
  conversions: number;
  cost_per_conversion: string | null;
}

/** Per 抖音号: its orders, how many deliver now, and its spend, plays and conversions in the period (as of the latest pass). */
export async function accountTotals(pool: Pool, period: Period): Promise<AccountTotals[]> {
  const res = await pool.query<Record<string, unknown>>(
    `WITH a AS (
       SELECT account_id, count(*)::int AS orders, count(*) FILTER (WHERE status = 'DELIVERING')::int AS delivering FROM douplus_orders GROUP BY account_id
     ), r AS (
       SELECT account_id, sum(cost) AS cost, sum(plays) AS plays, sum(conversions) AS conversions FROM douplus_video_ranking WHERE period = $1 AND account_id <> '*' GROUP BY account_id
     )
     SELECT a.account_id, a.orders, a.delivering, coalesce(r.cost, 0)::numeric(14,2)::text AS cost, coalesce(r.plays, 0)::text AS plays,
            coalesce(r.conversions, 0)::text AS conversions,
            CASE WHEN r.conversions > 0 THEN round(r.cost / r.conversions, 2)::text END AS cost_per_conversion
       FROM a LEFT JOIN r USING (account_id) ORDER BY a.account_id`,
    [period],
  );
  return res.rows.map((r) => ({
    account_id: r.account_id as string,
    orders: r.orders as number,
    delivering: r.delivering as number,
    cost: r.cost as string,
    plays: Number(r.plays),
    conversions: Number(r.conversions),
    cost_per_conversion: r.cost_per_conversion as string | null,
  }));
}
