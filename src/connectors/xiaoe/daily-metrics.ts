// 小鹅通's figures for the cross-platform overview, per Asia/Shanghai day: revenue (price, 元),
// paid orders and units by the day of payment; refunds (refund_money, 元) by the day of the refund.
import type { DailyMetricsDeclaration } from '../../engine/types.js';

export const xiaoeDailyMetrics: DailyMetricsDeclaration = {
  // Reads xiaoe_orders only, not the welfare: refreshed beside it.
  afterDerived: false,
  sql: `WITH span AS (SELECT min(x)::timestamp AT TIME ZONE 'Asia/Shanghai' AS lo, (max(x) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS hi
                      FROM unnest($1::date[]) x),
        paid AS (SELECT (o.pay_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(o.price) AS revenue, count(*) AS orders, sum(coalesce(o.count, 1)) AS units
                   FROM xiaoe_orders o, span WHERE o.app_id = $2 AND o.pay_time >= span.lo AND o.pay_time < span.hi GROUP BY 1),
        refunded AS (SELECT (o.refund_time AT TIME ZONE 'Asia/Shanghai')::date AS day, sum(o.refund_money) AS refunds
                       FROM xiaoe_orders o, span
                      WHERE o.app_id = $2 AND o.refund_money IS NOT NULL AND o.refund_time >= span.lo AND o.refund_time < span.hi GROUP BY 1)
        SELECT p.day, $2::text AS account, x.metric, x.value, x.currency
          FROM paid p CROSS JOIN LATERAL (VALUES ('revenue', p.revenue, 'CNY'), ('orders', p.orders::numeric, ''), ('units', p.units::numeric, '')) AS x(metric, value, currency)
        UNION ALL
        SELECT r.day, $2::text, 'refunds', r.refunds, 'CNY' FROM refunded r`,
};
