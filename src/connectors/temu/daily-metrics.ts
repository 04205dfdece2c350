// Temu's figures for the cross-platform overview, per shop and business day of the order, from
// temu_shop_daily (refreshed by the finance step after each orders run): revenue = GMV (what
// customers paid on orders not cancelled, before refunds), refunds, orders and units, each money
// row in the shop's own currency. Amounts that could not be read (currency '') are left out.
import type { DailyMetricsDeclaration } from '../../engine/types.js';

export const temuDailyMetrics: DailyMetricsDeclaration = {
  sql: `SELECT d.day, $2::text AS account, x.metric, x.value, x.currency
          FROM (SELECT day, currency, sum(gmv) AS gmv, sum(refunds) AS refunds, sum(orders) AS orders, sum(units) AS units
                  FROM temu_shop_daily WHERE shop = $2 AND day = ANY($1::date[]) AND currency <> '' GROUP BY day, currency) d
          CROSS JOIN LATERAL (VALUES ('revenue', d.gmv, d.currency), ('refunds', d.refunds, d.currency),
                                     ('orders', d.orders::numeric, ''), ('units', d.units::numeric, '')) AS x(metric, value, currency)`,
};
