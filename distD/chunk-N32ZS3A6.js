import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/overview/rates.ts
async function loadRates(pool, config) {
  const rates = new Map([["CNY", "1"], ...Object.entries(config.FX_RATES ?? {})]);
  const r = await pool.query(`SELECT currency, cny::text FROM fx_rates`);
  for (const row of r.rows) rates.set(row.currency, row.cny);
  return rates;
}
__name(loadRates, "loadRates");
async function setRate(pool, currency, cny, by) {
  await pool.query(
    `INSERT INTO fx_rates (currency, cny, set_by) VALUES ($1, $2, $3)
     ON CONFLICT (currency) DO UPDATE SET cny = EXCLUDED.cny, set_by = EXCLUDED.set_by, updated_at = now()`,
    [currency.toUpperCase(), cny, by]
  );
}
__name(setRate, "setRate");

// src/overview/overview.ts
var MONEY_METRICS = ["revenue", "refunds", "ad_spend"];
var rateArrays = /* @__PURE__ */ __name((rates) => [[...rates.keys()], [...rates.values()]], "rateArrays");
async function overviewDays(pool, rates, from, to) {
  const [currencies, values] = rateArrays(rates);
  const r = await pool.query(
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
    [from, to, currencies, values, MONEY_METRICS]
  );
  return r.rows.map((x) => ({
    day: x.day,
    revenue: x.revenue,
    refunds: x.refunds,
    adSpend: x.ad_spend,
    orders: Number(x.orders),
    roi: x.roi,
    missingRates: (x.missing ?? []).sort()
  }));
}
__name(overviewDays, "overviewDays");
async function platformTotals(pool, rates, from, to) {
  const [currencies, values] = rateArrays(rates);
  const r = await pool.query(
    `SELECT d.platform, d.metric,
            (CASE WHEN d.metric = ANY($5::text[]) THEN round(coalesce(sum(d.value * fx.cny), 0), 2) ELSE sum(d.value) END)::text AS value,
            array_agg(DISTINCT d.currency) FILTER (WHERE d.metric = ANY($5::text[]) AND fx.cny IS NULL) AS missing
       FROM daily_metrics d LEFT JOIN unnest($3::text[], $4::numeric[]) AS fx(currency, cny) ON fx.currency = d.currency
      WHERE d.day BETWEEN $1::date AND $2::date
      GROUP BY d.platform, d.metric ORDER BY d.platform, d.metric`,
    [from, to, currencies, values, MONEY_METRICS]
  );
  return r.rows.map((x) => ({ platform: x.platform, metric: x.metric, value: x.value, missingRates: (x.missing ?? []).sort() }));
}
__name(platformTotals, "platformTotals");
function overviewRows(days) {
  return days.map((d) => ({ day: d.day, revenue: d.revenue, refunds: d.refunds, ad_spend: d.adSpend, orders: d.orders, roi: d.roi, missing_rates: d.missingRates.join(",") }));
}
__name(overviewRows, "overviewRows");

export {
  overviewDays,
  platformTotals,
  overviewRows,
  loadRates,
  setRate
};
//# sourceMappingURL=chunk-N32ZS3A6.js.map
