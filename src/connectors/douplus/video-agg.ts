// The per-video aggregate (douplus_video_stats_agg), refreshed after each stats pass: for each
// video of the 抖音号 whose orders moved at the pass's bucket, the totals of its orders' latest
// snapshots at or before the bucket, with the rates precomputed in SQL numeric (never floats).
// Videos none of whose orders moved are not written: "the video at T" is its latest row ≤ T.
import type { PoolClient } from '../../db/pool.js';
import type { DerivedDeclaration } from '../../engine/types.js';
import { PERIODS, periodStart } from './periods.js';
import { bucketOf, STATS_TABLE } from './streams.js';

export const VIDEO_AGG_TABLE = 'douplus_video_stats_agg';

export async function refreshVideoAgg(tx: PoolClient, account: string, statTime: Date): Promise<{ rows: number }> {
  const res = await tx.query(
    `WITH moved AS (
       SELECT DISTINCT item_id FROM ${STATS_TABLE} WHERE account_id = $1 AND stat_time = $2 AND item_id IS NOT NULL
     ), latest AS (
       SELECT DISTINCT ON (s.order_id) s.*
         FROM ${STATS_TABLE} s JOIN moved m ON m.item_id = s.item_id
        WHERE s.account_id = $1 AND s.stat_time <= $2
        ORDER BY s.order_id, s.stat_time DESC
     )
     INSERT INTO ${VIDEO_AGG_TABLE} AS a (account_id, item_id, stat_time, item_title, order_count, total_cost, total_play, total_like, total_share,
                                          total_convert, play_per_100_cost, like_rate, share_rate, avg_convert_cost, avg_5s_rate)
     SELECT $1, l.item_id, $2,
            (SELECT o.item_title FROM douplus_orders o WHERE o.item_id = l.item_id AND o.item_title IS NOT NULL ORDER BY o.create_time DESC LIMIT 1),
            count(*), sum(l.cost), sum(l.plays), sum(l.likes), sum(l.shares), sum(l.conversions),
            CASE WHEN sum(l.cost) > 0 THEN round(sum(l.plays) * 100 / sum(l.cost), 2) END,
            CASE WHEN sum(l.plays) > 0 THEN round(sum(l.likes)::numeric / sum(l.plays), 4) END,
            CASE WHEN sum(l.plays) > 0 THEN round(sum(l.shares)::numeric / sum(l.plays), 4) END,
            CASE WHEN sum(l.conversions) > 0 THEN round(sum(l.cost) / sum(l.conversions), 2) END,
            CASE WHEN coalesce(sum(l.plays) FILTER (WHERE l.play_5s_rate IS NOT NULL), 0) > 0
                 THEN round(sum(l.play_5s_rate * l.plays) / sum(l.plays) FILTER (WHERE l.play_5s_rate IS NOT NULL), 6) END
       FROM latest l GROUP BY l.item_id
     ON CONFLICT (account_id, item_id, stat_time) DO UPDATE SET
       item_title = EXCLUDED.item_title, order_count = EXCLUDED.order_count, total_cost = EXCLUDED.total_cost, total_play = EXCLUDED.total_play,
       total_like = EXCLUDED.total_like, total_share = EXCLUDED.total_share, total_convert = EXCLUDED.total_convert,
       play_per_100_cost = EXCLUDED.play_per_100_cost, like_rate = EXCLUDED.like_rate, share_rate = EXCLUDED.share_rate,
       avg_convert_cost = EXCLUDED.avg_convert_cost, avg_5s_rate = EXCLUDED.avg_5s_rate`,
    [account, statTime],
  );
  return { rows: res.rowCount ?? 0 };
}

export const RANKING_TABLE = 'douplus_video_ranking';

/**
 * Rewrite the account's rows of the per-period ranking as of `asOf`: per video, the aggregate's
 * latest row at `asOf` minus its latest row at the period's start (nothing before: all of it).
 */
export async function refreshVideoRanking(tx: PoolClient, account: string, asOf: Date): Promise<{ rows: number }> {
  // The videos this account's rows speak of, before and after: their all-account rows are redone.
  const items = `SELECT DISTINCT item_id FROM ${VIDEO_AGG_TABLE} WHERE account_id = $1`;
  await tx.query(`DELETE FROM ${RANKING_TABLE} WHERE account_id = $1 OR (account_id = '*' AND item_id IN (${items}))`, [account]);
  let rows = 0;
  for (const period of PERIODS) {
    const start = periodStart(period, asOf);
    const res = await tx.query(
      `INSERT INTO ${RANKING_TABLE} (period, account_id, item_id, as_of, item_title, order_count, cost, plays, likes, shares, conversions)
       SELECT $4, v.account_id, v.item_id, $2, e.item_title, e.order_count,
              e.total_cost - coalesce(s.total_cost, 0), e.total_play - coalesce(s.total_play, 0), e.total_like - coalesce(s.total_like, 0),
              e.total_share - coalesce(s.total_share, 0), e.total_convert - coalesce(s.total_convert, 0)
         FROM (SELECT DISTINCT account_id, item_id FROM ${VIDEO_AGG_TABLE} WHERE account_id = $1) v
         CROSS JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE a.account_id = v.account_id AND a.item_id = v.item_id AND a.stat_time <= $2
                              ORDER BY a.stat_time DESC LIMIT 1) e
         LEFT JOIN LATERAL (SELECT * FROM ${VIDEO_AGG_TABLE} a WHERE $3::timestamptz IS NOT NULL AND a.account_id = v.account_id AND a.item_id = v.item_id
                              AND a.stat_time <= $3 ORDER BY a.stat_time DESC LIMIT 1) s ON true
        WHERE e.total_cost - coalesce(s.total_cost, 0) <> 0 OR e.total_play - coalesce(s.total_play, 0) <> 0`,
      [account, asOf, start ?? null, period],
    );
    rows += res.rowCount ?? 0;
  }
  const all = await tx.query(
    `INSERT INTO ${RANKING_TABLE} (period, account_id, accounts, item_id, as_of, item_title, order_count, cost, plays, likes, shares, conversions)
     SELECT period, '*', array_agg(account_id ORDER BY account_id), item_id, max(as_of), max(item_title), sum(order_count), sum(cost), sum(plays), sum(likes), sum(shares), sum(conversions)
       FROM ${RANKING_TABLE} WHERE account_id <> '*' AND item_id IN (${items}) GROUP BY period, item_id`,
    [account],
  );
  return { rows: rows + (all.rowCount ?? 0) };
}

export const videoAggDerived: DerivedDeclaration = {
  name: 'video_stats_agg',
  after: ['order_stats'],
  async refresh(tx, scope) {
    const statTime = bucketOf(new Date(Math.min(scope.window.to.getTime(), scope.now.getTime())));
    const agg = await refreshVideoAgg(tx, scope.account, statTime);
    // A skipped pass (a window too old for stats) leaves the ranking as it was.
    if (agg.rows === 0) return agg;
    const ranking = await refreshVideoRanking(tx, scope.account, statTime);
    return { rows: agg.rows + ranking.rows };
  },
};
