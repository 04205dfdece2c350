// Cost, profit and payout per parent order (temu_order_finance) and the figures per shop and day
// (temu_shop_daily), computed set-wise in SQL numeric — exact, never floats.
// - cost = Σ quantity × unit cost at order time: the cost price of the SKU (by SKU id, else by its
//   货号) with the latest effective_from on or before the order's business day (Asia/Shanghai).
//   A SKU with no cost, or with a cost in another currency than the order's, makes the order's cost
//   NULL and is listed in missing_skus: never counted as zero.
// - profit = estimatedRevenue (what the shop receives, bg.order.amount.query) − cost.
// - payout: estimatedRevenue, due TEMU_PAYOUT_DAYS after delivery — the first time the order was
//   seen delivered (status 5/51; its updateTime then); a shipped order (4/41) is estimated from
//   latestDeliveryTime; pending and cancelled orders have no payout (docs/temu.md).
// - per shop and day: GMV = Σ customerPaid of the day's orders that were not cancelled, before
//   refunds; refunds = Σ refundsTotal; cost and profit over the orders whose cost is known, and
//   missing_cost counts the others; payouts_due = Σ payouts due that day.
import type { Pool, PoolClient } from '../../db/pool.js';
import type { TableChange } from '../../engine/types.js';

type Db = Pool | PoolClient;

export interface FinanceScope {
  /** Only these shops (default all). */
  shops?: string[];
  /** Only orders whose order, items or amounts changed since they were last computed. */
  onlyChanged?: boolean;
  payoutDays: number;
  /** Currency of costs stored without one (default: the order's). */
  costCurrency?: string;
}

export interface FinanceRefresh {
  orders: number;
  days: number;
  /** The finance rows written and the shop days written or deleted, by key (for the Bitable mirror). */
  changed: TableChange[];
}

export async function refreshFinance(db: Db, scope: FinanceScope): Promise<FinanceRefresh> {
  const shops = scope.shops ?? null;
  const orders = await db.query<{ shop: string; parent_order_sn: string }>(
    `WITH o AS (
       SELECT o.shop, o.parent_order_sn, o.parent_order_status AS status, o.update_time, o.latest_delivery_time,
              (o.parent_order_time AT TIME ZONE 'Asia/Shanghai')::date AS order_day,
              a.currency, a.customer_paid, a.refunds_total, a.estimated_revenue
       FROM temu_orders o
       LEFT JOIN temu_order_amounts a ON a.shop = o.shop AND a.parent_order_sn = o.parent_order_sn
       LEFT JOIN temu_order_finance f ON f.shop = o.shop AND f.parent_order_sn = o.parent_order_sn
       WHERE ($1::text[] IS NULL OR o.shop = ANY($1)) AND o.parent_order_time IS NOT NULL
         AND (NOT $2 OR f.shop IS NULL OR o.synced_at >= f.computed_at OR a.synced_at >= f.computed_at)
     ),
     lines AS (
       SELECT i.shop, i.parent_order_sn, i.sku_id, i.quantity, o.currency AS order_currency,
              coalesce(ci.unit_cost, cs.unit_cost) AS unit_cost,
              coalesce(CASE WHEN ci.unit_cost IS NOT NULL THEN ci.currency ELSE cs.currency END, $3, o.currency) AS cost_currency
       FROM temu_order_items i
       JOIN o ON o.shop = i.shop AND o.parent_order_sn = i.parent_order_sn
       LEFT JOIN temu_skus s ON s.shop = i.shop AND s.sku_id = i.sku_id
       LEFT JOIN LATERAL (SELECT c.unit_cost, c.currency FROM temu_sku_costs c
                          WHERE c.ref_kind = 'sku_id' AND c.sku_ref = i.sku_id AND c.effective_from <= o.order_day
                          ORDER BY c.effective_from DESC LIMIT 1) ci ON true
       LEFT JOIN LATERAL (SELECT c.unit_cost, c.currency FROM temu_sku_costs c
                          WHERE ci.unit_cost IS NULL AND c.ref_kind = 'sku_sn' AND c.sku_ref = coalesce(i.ext_code, s.sku_sn) AND c.effective_from <= o.order_day
                          ORDER BY c.effective_from DESC LIMIT 1) cs ON true
     ),
     per_order AS (
       SELECT shop, parent_order_sn, sum(quantity)::int AS units,
              sum(quantity * unit_cost) FILTER (WHERE quantity > 0) AS cost_sum,
              coalesce(array_agg(DISTINCT sku_id ORDER BY sku_id) FILTER (WHERE quantity > 0 AND (unit_cost IS NULL OR cost_currency IS DISTINCT FROM order_currency)), '{}') AS missing
       FROM lines GROUP BY shop, parent_order_sn
     ),
     computed AS (
       SELECT o.shop, o.parent_order_sn, o.order_day, o.status, o.currency, coalesce(p.units, 0) AS units,
              o.customer_paid, o.refunds_total AS refunds, o.estimated_revenue AS revenue,
              CASE WHEN coalesce(cardinality(p.missing), 0) = 0 THEN coalesce(p.cost_sum, 0) END AS cost,
              coalesce(p.missing, '{}') AS missing_skus,
              CASE WHEN o.status IN (5, 51) THEN o.update_time END AS delivered_now,
              o.latest_delivery_time
       FROM o LEFT JOIN per_order p ON p.shop = o.shop AND p.parent_order_sn = o.parent_order_sn
     )
     INSERT INTO temu_order_finance AS f (shop, parent_order_sn, order_day, status, currency, units, customer_paid, refunds, revenue, cost, profit,
                                          missing_skus, delivered_at, payout_amount, payout_due, payout_estimated, computed_at)
     SELECT c.shop, c.parent_order_sn, c.order_day, c.status, c.currency, c.units, c.customer_paid, c.refunds, c.revenue, c.cost,
            c.revenue - c.cost, c.missing_skus, c.delivered_now,
            CASE WHEN c.status = 3 THEN NULL ELSE c.revenue END,
            CASE WHEN c.status IN (5, 51) THEN (c.delivered_now AT TIME ZONE 'Asia/Shanghai')::date + $4::int
                 WHEN c.status IN (4, 41) THEN (c.latest_delivery_time AT TIME ZONE 'Asia/Shanghai')::date + $4::int END,
            c.status IN (4, 41), now()
     FROM computed c
     ON CONFLICT (shop, parent_order_sn) DO UPDATE SET
       order_day = EXCLUDED.order_day, status = EXCLUDED.status, currency = EXCLUDED.currency, units = EXCLUDED.units,
       customer_paid = EXCLUDED.customer_paid, refunds = EXCLUDED.refunds, revenue = EXCLUDED.revenue, cost = EXCLUDED.cost,
       profit = EXCLUDED.profit, missing_skus = EXCLUDED.missing_skus,
       -- The first time the order was seen delivered stays its delivery time.
       delivered_at = CASE WHEN EXCLUDED.delivered_at IS NULL THEN NULL ELSE coalesce(f.delivered_at, EXCLUDED.delivered_at) END,
       payout_amount = EXCLUDED.payout_amount,
       payout_due = CASE WHEN EXCLUDED.status IN (5, 51) THEN (coalesce(f.delivered_at, EXCLUDED.delivered_at) AT TIME ZONE 'Asia/Shanghai')::date + $4::int ELSE EXCLUDED.payout_due END,
       payout_estimated = EXCLUDED.payout_estimated, computed_at = now()
     WHERE (f.order_day, f.status, f.currency, f.units, f.customer_paid, f.refunds, f.revenue, f.cost, f.missing_skus, f.payout_amount, f.payout_estimated, f.delivered_at IS NULL)
           IS DISTINCT FROM
           (EXCLUDED.order_day, EXCLUDED.status, EXCLUDED.currency, EXCLUDED.units, EXCLUDED.customer_paid, EXCLUDED.refunds, EXCLUDED.revenue, EXCLUDED.cost,
            EXCLUDED.missing_skus, EXCLUDED.payout_amount, EXCLUDED.payout_estimated, EXCLUDED.delivered_at IS NULL)
        OR (f.payout_due IS NULL) <> (EXCLUDED.payout_due IS NULL)
     RETURNING f.shop, f.parent_order_sn`,
    [shops, scope.onlyChanged ?? false, scope.costCurrency ?? null, scope.payoutDays],
  );
  // The finance rows' computed_at must pass their sources' synced_at even when nothing changed,
  // or the next "only changed" pass would look at them again.
  if (scope.onlyChanged) {
    await db.query(
      `UPDATE temu_order_finance f SET computed_at = now()
       FROM temu_orders o LEFT JOIN temu_order_amounts a ON a.shop = o.shop AND a.parent_order_sn = o.parent_order_sn
       WHERE o.shop = f.shop AND o.parent_order_sn = f.parent_order_sn AND ($1::text[] IS NULL OR f.shop = ANY($1))
         AND (o.synced_at >= f.computed_at OR a.synced_at >= f.computed_at)`,
      [shops],
    );
  }
  const daily = await refreshShopDaily(db, shops);
  return {
    orders: orders.rowCount ?? 0,
    days: daily.written,
    changed: [
      { table: 'temu_order_finance', keys: orders.rows },
      { table: 'temu_shop_daily', keys: daily.keys },
    ],
  };
}

/**
 * temu_shop_daily for the given shops, from temu_order_finance: changed rows written, vanished
 * ones deleted. `written` counts the rows inserted or updated; `keys` are those and the deleted.
 */
export async function refreshShopDaily(db: Db, shops: string[] | null): Promise<{ written: number; keys: { shop: string; day: Date; currency: string }[] }> {
  const r = await db.query<{ shop: string; day: Date; currency: string; deleted: boolean }>(
    `WITH f AS (SELECT * FROM temu_order_finance WHERE $1::text[] IS NULL OR shop = ANY($1)),
     sales AS (
       SELECT shop, order_day AS day, coalesce(currency, '') AS currency,
              count(*) FILTER (WHERE status <> 3)::int AS orders,
              coalesce(sum(units) FILTER (WHERE status <> 3), 0)::int AS units,
              coalesce(sum(customer_paid) FILTER (WHERE status <> 3), 0) AS gmv,
              coalesce(sum(refunds), 0) AS refunds,
              sum(cost) FILTER (WHERE status <> 3) AS cost,
              sum(profit) FILTER (WHERE status <> 3) AS profit,
              count(*) FILTER (WHERE status <> 3 AND cost IS NULL)::int AS missing_cost
       FROM f GROUP BY 1, 2, 3
     ),
     payouts AS (
       SELECT shop, payout_due AS day, coalesce(currency, '') AS currency, sum(payout_amount) AS due
       FROM f WHERE payout_due IS NOT NULL AND payout_amount IS NOT NULL GROUP BY 1, 2, 3
     ),
     d AS (
       SELECT coalesce(s.shop, p.shop) AS shop, coalesce(s.day, p.day) AS day, coalesce(s.currency, p.currency) AS currency,
              coalesce(s.orders, 0) AS orders, coalesce(s.units, 0) AS units, coalesce(s.gmv, 0) AS gmv, coalesce(s.refunds, 0) AS refunds,
              s.cost, s.profit, coalesce(s.missing_cost, 0) AS missing_cost, coalesce(p.due, 0) AS payouts_due
       FROM sales s FULL JOIN payouts p ON p.shop = s.shop AND p.day = s.day AND p.currency = s.currency
     ),
     del AS (
       DELETE FROM temu_shop_daily t WHERE ($1::text[] IS NULL OR t.shop = ANY($1))
         AND NOT EXISTS (SELECT 1 FROM d WHERE d.shop = t.shop AND d.day = t.day AND d.currency = t.currency)
       RETURNING t.shop, t.day, t.currency
     ),
     ins AS (
       INSERT INTO temu_shop_daily AS t (shop, day, currency, orders, units, gmv, refunds, cost, profit, missing_cost, payouts_due)
       SELECT shop, day, currency, orders, units, gmv, refunds, cost, profit, missing_cost, payouts_due FROM d
       ON CONFLICT (shop, day, currency) DO UPDATE SET orders = EXCLUDED.orders, units = EXCLUDED.units, gmv = EXCLUDED.gmv,
         refunds = EXCLUDED.refunds, cost = EXCLUDED.cost, profit = EXCLUDED.profit, missing_cost = EXCLUDED.missing_cost,
         payouts_due = EXCLUDED.payouts_due, synced_at = now()
       WHERE (t.orders, t.units, t.gmv, t.refunds, t.cost, t.profit, t.missing_cost, t.payouts_due)
             IS DISTINCT FROM (EXCLUDED.orders, EXCLUDED.units, EXCLUDED.gmv, EXCLUDED.refunds, EXCLUDED.cost, EXCLUDED.profit, EXCLUDED.missing_cost, EXCLUDED.payouts_due)
       RETURNING t.shop, t.day, t.currency
     )
     SELECT shop, day, currency, false AS deleted FROM ins
     UNION ALL
     SELECT shop, day, currency, true AS deleted FROM del`,
    [shops],
  );
  return { written: r.rows.filter((x) => !x.deleted).length, keys: r.rows.map(({ shop, day, currency }) => ({ shop, day, currency })) };
}
