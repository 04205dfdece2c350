// 巨量本地推's figures for the cross-platform overview: per report day, ad spend (元) and conversions.
import type { DailyMetricsDeclaration } from '../../engine/types.js';

export const oceanengineLocalDailyMetrics: DailyMetricsDeclaration = {
  sql: `SELECT d.stat_date AS day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT stat_date, sum(spend) AS spend, sum(conversions) AS conversions
                  FROM oceanengine_local_daily WHERE account_id = $2 AND stat_date = ANY($1::date[]) GROUP BY stat_date) d
          CROSS JOIN LATERAL (VALUES ('ad_spend', d.spend, 'CNY'), ('conversions', d.conversions::numeric, '')) AS x(metric, value, currency)`,
};
