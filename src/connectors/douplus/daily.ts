// Per-day figures from the cumulative aggregate: what each video spent and brought between two
// instants is its latest aggregate row at the end minus its latest row at the start. Used by the
// daily video table (mirrored to Bitable as the ranking) and the daily summary section.
import type { Pool } from '../../db/pool.js';
import { addDays, dayEnd, dayStart } from '../../engine/time.js';
import type { DailyMetricsDeclaration, StreamDeclaration, SummarySection } from '../../engine/types.js';
import { formatYuan } from '../../money.js';
import type { DouplusClient } from './client.js';
import { VIDEO_AGG_TABLE } from './video-agg.js';

export const VIDEO_DAILY_TABLE = 'douplus_video_daily';

export interface VideoDelta {
  account_id: string;
  item_id: string;
  item_title: string | null;
  cost: string;
  plays: string;
  likes: string;
  shares: string;
  conversions: string;
  plays_per_100_yuan: string | null;
  cost_per_conversion: string | null;
}

/** Per (抖音号, video): the change of the aggregate over (from, to]; videos that did not move are left out. */
export async function videoDeltas(db: Pool, from: Date, to: Date, account?: string): Promise<VideoDelta[]> {
  const res = await db.query<VideoDelta>(
    `WITH v AS (SELECT DISTINCT account_id, item_id FROM ${VIDEO_AGG_TABLE} WHERE stat_time > $1 AND stat_time <= $2 AND ($3::text IS NULL OR account_id = $3)),
     d AS (
       SELECT v.account_id, v.item_id, e.item_title,
              e.total_cost - coalesce(s.total_cost, 0) AS cost, e.total_play - coalesce(s.total_play, 0) AS plays,
              e.total_like - coalesce(s.total_like, 0) AS likes, e.total_share - coalesce(s.total_share, 0) AS shares,
              e.total_convert - coalesce(s.total_convert, 0) AS conversions
         FROM v
         CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $2 ORDER BY a.stat_time DESC LIMIT 1) e
         LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $1 ORDER BY a.stat_time DESC LIMIT 1) s ON true
     )
     SELECT account_id, item_id, item_title, cost::numeric(14,2)::text AS cost, plays::text AS plays, likes::text AS likes, shares::text AS shares, conversions::text AS conversions,
            CASE WHEN cost > 0 THEN round(plays * 100 / cost, 2)::text END AS plays_per_100_yuan,
            CASE WHEN conversions > 0 THEN round(cost / conversions, 2)::text END AS cost_per_conversion
       FROM d WHERE cost <> 0 OR plays <> 0 ORDER BY account_id, item_id`,
    [from, to, account ?? null],
  );
  return res.rows;
}

/**
 * Stream `video_daily`: one row per (day, 抖音号, video) computed from our own aggregate (no API
 * call), a day replaced as a whole, so the Bitable mirror hears of it through the outbox.
 */
export const videoDailyStream: StreamDeclaration<DouplusClient, Record<string, unknown>> = {
  name: 'video_daily',
  table: VIDEO_DAILY_TABLE,
  primaryKey: ['stat_date', 'account_id', 'item_id'],
  columns: [
    { name: 'stat_date', type: 'date' },
    { name: 'account_id', type: 'text' },
    { name: 'item_id', type: 'text' },
    { name: 'item_title', type: 'text' },
    { name: 'cost', type: 'numeric' },
    { name: 'plays', type: 'bigint' },
    { name: 'likes', type: 'bigint' },
    { name: 'shares', type: 'bigint' },
    { name: 'conversions', type: 'bigint' },
    { name: 'plays_per_100_yuan', type: 'numeric' },
    { name: 'cost_per_conversion', type: 'numeric' },
  ],
  mode: 'replace',
  replaceBy: { account: 'account_id', day: 'stat_date' },
  slice: { days: 1 },
  async fetchPage(client, req) {
    const day = req.slice.day;
    const rows = await videoDeltas(client.pool, new Date(dayStart(day).getTime() - 1), dayEnd(day), req.account);
    return { records: rows.map((r) => ({ stat_date: day, ...r })), hasMore: false };
  },
  toRows(records) {
    return records;
  },
};

/** The DOU+ section of the daily summary: spend, plays, conversions, the best video, and a 7-day spend trend. */
export async function douplusSummary(pool: Pool, day: string): Promise<SummarySection> {
  const points: { day: string; value: number }[] = [];
  let today: VideoDelta[] = [];
  for (let i = 6; i >= 0; i--) {
    const d = addDays(day, -i);
    const rows = await videoDeltas(pool, new Date(dayStart(d).getTime() - 1), dayEnd(d));
    if (i === 0) today = rows;
    const cents = rows.reduce((s, r) => s + BigInt(r.cost.replace('.', '')), 0n);
    points.push({ day: d, value: Number(cents) / 100 });
  }
  const cents = today.reduce((s, r) => s + BigInt(r.cost.replace('.', '')), 0n);
  const spend = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  const plays = today.reduce((s, r) => s + BigInt(r.plays), 0n);
  const conversions = today.reduce((s, r) => s + BigInt(r.conversions), 0n);
  // The best video: the most plays per 100 元 among the videos that spent at least 10 元 that day.
  const best = today
    .filter((r) => Number(r.cost) >= 10 && r.plays_per_100_yuan !== null)
    .sort((a, b) => Number(b.plays_per_100_yuan) - Number(a.plays_per_100_yuan) || (a.item_id < b.item_id ? -1 : 1))[0];
  return {
    title: `DOU+ ${day}`,
    figures: [
      { label: '消耗', value: formatYuan(spend) },
      { label: '播放', value: plays.toLocaleString('en-US') },
      { label: '转化', value: conversions.toLocaleString('en-US') },
      {
        label: '最佳视频',
        value: best ? `${best.item_title ?? best.item_id} — ${Number(best.plays_per_100_yuan).toLocaleString('en-US')} 播放/百元, ${formatYuan(best.cost)}` : '—',
      },
    ],
    // Chart points only: the exact figures are above.
    trend: { label: '消耗(元)', points },
  };
}

/**
 * DOU+'s figures for the cross-platform overview: per business day and 抖音号, ad spend (元),
 * conversions and plays — the aggregate's change over the day, as in video_daily.
 */
export const douplusDailyMetrics: DailyMetricsDeclaration = {
  sql: `SELECT d AS day, $2::text AS account, x.metric, x.value, x.currency
          FROM unnest($1::date[]) AS d
          CROSS JOIN LATERAL (
            SELECT coalesce(sum(e.total_cost - coalesce(s.total_cost, 0)), 0) AS spend,
                   coalesce(sum(e.total_convert - coalesce(s.total_convert, 0)), 0) AS conversions,
                   coalesce(sum(e.total_play - coalesce(s.total_play, 0)), 0) AS plays
              FROM (SELECT DISTINCT item_id FROM ${VIDEO_AGG_TABLE}
                     WHERE account_id = $2 AND stat_time >= (d::timestamp AT TIME ZONE 'Asia/Shanghai') AND stat_time < ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')) v
              CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = $2 AND a.item_id = v.item_id
                                    AND a.stat_time < ((d + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') ORDER BY a.stat_time DESC LIMIT 1) e
              LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = $2 AND a.item_id = v.item_id
                                   AND a.stat_time < (d::timestamp AT TIME ZONE 'Asia/Shanghai') ORDER BY a.stat_time DESC LIMIT 1) s ON true
          ) t
          CROSS JOIN LATERAL (VALUES ('ad_spend', t.spend, 'CNY'), ('conversions', t.conversions::numeric, ''), ('plays', t.plays::numeric, '')) AS x(metric, value, currency)`,
};
