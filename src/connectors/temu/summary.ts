// Temu's section of the daily summary: per shop, the day's orders, GMV, profit and margin in the
// shop's currency, orders missing a cost, and payouts due; the trend is orders per day over all
// shops (a count: shops sell in different currencies, which are never added together).
import type { Pool } from '../../db/pool.js';
import type { SummarySection } from '../../engine/types.js';
import { formatMoney, marginText } from './figures.js';

export async function temuSummary(pool: Pool, day: string): Promise<SummarySection> {
  const r = await pool.query<{ shop: string; currency: string; orders: number; gmv: string; profit: string | null; cost: string | null; missing: number; due: string }>(
    `SELECT shop, currency, orders, gmv::text, profit::text, cost::text, missing_cost AS missing, payouts_due::text AS due
     FROM temu_shop_daily WHERE day = $1 ORDER BY shop, currency`,
    [day],
  );
  const trend = await pool.query<{ day: string; orders: number }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(t.orders), 0)::int AS orders
     FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
     LEFT JOIN temu_shop_daily t ON t.day = d::date GROUP BY d ORDER BY d`,
    [day],
  );
  const figures: SummarySection['figures'] = [];
  for (const x of r.rows) {
    const cur = x.currency || '?';
    figures.push({ label: `${x.shop} 订单`, value: String(x.orders) });
    figures.push({ label: `${x.shop} GMV`, value: formatMoney(x.gmv, cur) });
    figures.push({ label: `${x.shop} 利润`, value: x.profit === null ? '—' : `${formatMoney(x.profit, cur)} (${marginText(x.profit, x.gmv)})` });
    if (x.missing) figures.push({ label: `${x.shop} 缺成本`, value: `${x.missing} 单` });
    if (Number(x.due) !== 0) figures.push({ label: `${x.shop} 当日应回款`, value: formatMoney(x.due, cur) });
  }
  if (!figures.length) figures.push({ label: '订单', value: '0' });
  return { title: `Temu ${day}`, figures, trend: { label: '订单数', points: trend.rows.map((t) => ({ day: t.day, value: t.orders })) } };
}
