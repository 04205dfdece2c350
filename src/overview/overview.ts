// The overview across platforms, per Asia/Shanghai day: revenue, refunds and ad spend in 元,
// orders, and ROI (revenue ÷ ad spend), from the figures each connector declares (daily_metrics).
// Money in another currency is converted at the rates given; without a rate it is left out and
// named in `missingRates`, never guessed. Sums are taken in SQL numeric and rounded once.
import type { Pool } from '../db/pool.js';
import type { Rates } from './rates.js';

export const MONEY_METRICS = ['revenue', 'refunds', 'ad_spend'] as const;

export interface OverviewDay {
  day: string;
  revenue: string;
  refunds: string;
  adSpend: string;
  orders: number;
  /** revenue ÷ ad spend, 4 dp; null without spend. */
  roi: string | null;
  /** Currencies of that day's money with no rate (left out of the sums). */
  missingRates: string[];
}

export interface PlatformTotal {
  platform: string;
  metric: string;
  /** In 元 for money (converted), the count otherwise. */
  value: string;
  missingRates: string[];
}

const rateArrays = (rates: Rates) => [[...rates.keys()], [...rates.values()]];

export async function overviewDays(pool: Pick<Pool, 'query'>, rates: Rates, from: string, to: string): Promise<OverviewDay[]> {
  const [currencies, values] = rateArrays(rates);
  const r = await pool.query<{ day: string; revenue: string; refunds: string; ad_spend: string; orders: string; roi: string | null; missing: string[] | null }>(
    `WITH m AS (
       SELECT d.day, d.metric, d.value, d.currency, fx.cny
         FROM daily_metrics d LEFT JOIN unnest($3::text[], $4::numeric[]) AS fx(currency, cny) ON fx.currency = d.currency
        WHERE d.day BETWEEN $1::date AND $2::date
     ), per_day AS (
       SELECT day,
              round(coalesce(sum(value * cny) FILTER (WHERE metric = 'revenue'), 0), 2) AS revenue,
              round(coalesce(sum(value * cny) FILTER (WHERE metric = 'refunds'), 0), 2) AS refunds,
              round(coalesce(sum(value * cny) FILTER (WHERE metric = 'ad_spend'), 0), 2) AS ad_spend,
              coalesce(sum(value) FILTER (WHERE metric = 'orders'), 0) AS orders,
              array_agg(DISTINCT currency) FILTER (WHERE metric = ANY($5::text[]) AND cny IS NULL) AS missing
         FROM m GROUP BY day
     )
     SELECT to_char(g::date, 'YYYY-MM-DD') AS day, coalesce(p.revenue, 0)::text AS revenue, coalesce(p.refunds, 0)::text AS refunds,
            coalesce(p.ad_spend, 0)::text AS ad_spend, coalesce(p.orders, 0)::text AS orders,
            CASE WHEN coalesce(p.ad_spend, 0) > 0 THEN round(p.revenue / p.ad_spend, 4)::text END AS roi, p.missing
       FROM generate_series($1::date, $2::date, interval '1 day') AS g LEFT JOIN per_day p ON p.day = g::date
      ORDER BY g`,
    [from, to, currencies, values, MONEY_METRICS],
  );
  return r.rows.map((x) => ({
    day: x.day,
    revenue: x.revenue,
    refunds: x.refunds,
    adSpend: x.ad_spend,
    orders: Number(x.orders),
    roi: x.roi,
    missingRates: (x.missing ?? []).sort(),
  }));
}

/** Each platform's totals over [from, to], money converted to 元. */
export async function platformTotals(pool: Pick<Pool, 'query'>, rates: Rates, from: string, to: string): Promise<PlatformTotal[]> {
  const [currencies, values] = rateArrays(rates);
  const r = await pool.query<{ platform: string; metric: string; value: string; missing: string[] | null }>(
    `SELECT d.platform, d.metric,
            (CASE WHEN d.metric = ANY($5::text[]) THEN round(coalesce(sum(d.value * fx.cny), 0), 2) ELSE sum(d.value) END)::text AS value,
            array_agg(DISTINCT d.currency) FILTER (WHERE d.metric = ANY($5::text[]) AND fx.cny IS NULL) AS missing
       FROM daily_metrics d LEFT JOIN unnest($3::text[], $4::numeric[]) AS fx(currency, cny) ON fx.currency = d.currency
      WHERE d.day BETWEEN $1::date AND $2::date
      GROUP BY d.platform, d.metric ORDER BY d.platform, d.metric`,
    [from, to, currencies, values, MONEY_METRICS],
  );
  return r.rows.map((x) => ({ platform: x.platform, metric: x.metric, value: x.value, missingRates: (x.missing ?? []).sort() }));
}

/** Rows of daily_overview for these days (written by the engine through its loader, so the mirror hears of changes). */
export function overviewRows(days: OverviewDay[]): Record<string, unknown>[] {
  return days.map((d) => ({ day: d.day, revenue: d.revenue, refunds: d.refunds, ad_spend: d.adSpend, orders: d.orders, roi: d.roi, missing_rates: d.missingRates.join(',') }));
}
