// 抖音来客's figures for the cross-platform overview: per Asia/Shanghai day of payment, revenue
// (pay_amount, 元), paid orders and units. Refunds are not reported: the order query's status
// codes do not say which amount was refunded, so none is guessed.
import type { DailyMetricsDeclaration } from '../../engine/types.js';

export const douyinLifeDailyMetrics: DailyMetricsDeclaration = {
  sql: `SELECT d.day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT (pay_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(pay_amount) AS revenue, count(*) AS orders, sum(count) AS units
                  FROM douyin_life_orders
                 WHERE account_id = $2 AND pay_time IS NOT NULL
                   AND pay_time >= (SELECT min(x) FROM unnest($1::date[]) x)::timestamp AT TIME ZONE 'Asia/Shanghai'
                   AND pay_time < ((SELECT max(x) FROM unnest($1::date[]) x) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
                 GROUP BY 1) d
          CROSS JOIN LATERAL (VALUES ('revenue', d.revenue, 'CNY'), ('orders', d.orders::numeric, ''), ('units', d.units::numeric, '')) AS x(metric, value, currency)`,
};
