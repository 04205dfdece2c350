// 巨量本地推's section of the daily summary: records, total spend, total conversions and the
// average cost per conversion for a day, plus spend over the 7 days ending that day. Sums are
// taken in SQL numeric; the average is total spend / total conversions (not a mean of units).
import type { Pool } from '../../db/pool.js';
import type { SummarySection } from '../../engine/types.js';
import { divideToDecimal, formatYuan } from '../../money.js';

export { formatYuan };
import { DAILY_TABLE } from './daily-report.js';


export interface DayTotals {
  day: string;
  records: number;
  spend: string;
  conversions: number;
  groupBuyLeads: number;
  costPerConversion: string | null;
}

export async function dayTotals(pool: Pool, day: string): Promise<DayTotals> {
  const r = (
    await pool.query<{ records: number; spend: string; conversions: number; leads: number }>(
      `SELECT count(*)::int AS records, coalesce(sum(spend), 0)::numeric(14,2)::text AS spend,
              coalesce(sum(conversions), 0)::int AS conversions, coalesce(sum(group_buy_leads), 0)::int AS leads
       FROM ${DAILY_TABLE} WHERE stat_date = $1`,
      [day],
    )
  ).rows[0] as { records: number; spend: string; conversions: number; leads: number };
  return { day, records: r.records, spend: r.spend, conversions: r.conversions, groupBuyLeads: r.leads, costPerConversion: divideToDecimal(r.spend, r.conversions) };
}

export async function oceanengineSummary(pool: Pool, day: string): Promise<SummarySection> {
  const t = await dayTotals(pool, day);
  const trend = await pool.query<{ day: string; spend: string }>(
    `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(t.spend), 0)::text AS spend
     FROM generate_series($1::date - 6, $1::date, interval '1 day') AS d
     LEFT JOIN ${DAILY_TABLE} t ON t.stat_date = d::date
     GROUP BY d ORDER BY d`,
    [day],
  );
  return {
    title: `巨量本地推 ${day}`,
    figures: [
      { label: '日期', value: day },
      { label: '记录数', value: t.records.toLocaleString('en-US') },
      { label: '总消耗', value: formatYuan(t.spend) },
      { label: '总转化', value: t.conversions.toLocaleString('en-US') },
      { label: '平均转化成本', value: t.costPerConversion === null ? '—' : formatYuan(t.costPerConversion) },
    ],
    // Chart points only: the exact figures are above.
    trend: { label: '消耗(元)', points: trend.rows.map((r) => ({ day: r.day, value: Number(r.spend) })) },
  };
}
