import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  monthRange
} from "./chunk-C3ZBSOBS.js";
import {
  loadRates,
  overviewDays,
  platformTotals,
  setRate
} from "./chunk-N32ZS3A6.js";
import {
  addDays,
  businessDay,
  centsToDecimal,
  decimalToCents,
  parseDay,
  yesterday
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/overview.ts
function overviewPeriod(text, now = /* @__PURE__ */ new Date()) {
  const t = (text ?? "").trim().toLowerCase() || "yesterday";
  const today = businessDay(now);
  if (t === "today" || t === "\u4ECA\u5929") return { label: "today", from: today, to: today };
  if (t === "yesterday" || t === "\u6628\u5929") return { label: "yesterday", from: yesterday(now), to: yesterday(now) };
  const n = /^(\d{1,3})d$/.exec(t);
  if (n && Number(n[1]) >= 1 && Number(n[1]) <= 366) return { label: t, from: addDays(yesterday(now), -(Number(n[1]) - 1)), to: yesterday(now) };
  if (/^\d{4}-\d{2}$/.test(t)) {
    const { first, last } = monthRange(t);
    return { label: t, from: first, to: last < today ? last : today };
  }
  const range = t.split(/\s*(?:\.\.|~|至|到)\s*/);
  const from = parseDay(range[0] ?? "");
  const to = parseDay(range[1] ?? range[0] ?? "");
  if (from && to && from <= to) return { label: range.length > 1 ? `${from}..${to}` : from, from, to };
  throw new TongbuError("COMMAND_BAD_ARGS", `"${text}" is not a period: use today, yesterday, 7d, 30d, 2026-11 or 2026-11-01..2026-11-07`);
}
__name(overviewPeriod, "overviewPeriod");
function ratio(a, b) {
  const num = decimalToCents(a);
  const den = decimalToCents(b);
  if (den === 0n) return null;
  const q = (num * 20000n + den) / (2n * den);
  return `${q / 10000n}.${String(q % 10000n).padStart(4, "0")}`;
}
__name(ratio, "ratio");
function total(days) {
  const sum = /* @__PURE__ */ __name((k) => centsToDecimal(days.reduce((n, d) => n + decimalToCents(d[k]), 0n)), "sum");
  const revenue = sum("revenue");
  const adSpend = sum("adSpend");
  return {
    revenue,
    refunds: sum("refunds"),
    adSpend,
    orders: days.reduce((n, d) => n + d.orders, 0),
    roi: ratio(revenue, adSpend),
    missingRates: [...new Set(days.flatMap((d) => d.missingRates))].sort()
  };
}
__name(total, "total");
async function getOverview(services, periodText, now = /* @__PURE__ */ new Date()) {
  const period = overviewPeriod(periodText, now);
  const rates = await loadRates(services.pool, services.config);
  const span = await overviewDays(services.pool, rates, addDays(period.to, -7) < period.from ? addDays(period.to, -7) : period.from, period.to);
  const byDay = new Map(span.map((d) => [d.day, d]));
  const days = span.filter((d) => d.day >= period.from);
  const at = /* @__PURE__ */ __name((day) => byDay.get(day), "at");
  return {
    period,
    totals: total(days),
    days,
    platforms: await platformTotals(services.pool, rates, period.from, period.to),
    compare: { day: at(period.to), dayBefore: at(addDays(period.to, -1)), weekBefore: at(addDays(period.to, -7)) },
    rates: Object.fromEntries(rates)
  };
}
__name(getOverview, "getOverview");
async function setExchangeRate(services, currency, rate, by) {
  if (!/^[A-Za-z]{3}$/.test(currency)) throw new TongbuError("COMMAND_BAD_ARGS", `"${currency}" is not a currency code such as USD`);
  if (!/^\d+(\.\d+)?$/.test(rate) || Number(rate) <= 0) throw new TongbuError("COMMAND_BAD_ARGS", `"${rate}" is not a positive rate such as 7.12 (\u5143 per unit)`);
  await setRate(services.pool, currency, rate, by);
  const days = await services.pool.query(`SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM daily_metrics WHERE currency = $1 ORDER BY 1`, [currency.toUpperCase()]);
  if (days.rowCount) await services.engine?.refreshOverview(days.rows.map((d) => d.day));
}
__name(setExchangeRate, "setExchangeRate");

export {
  getOverview,
  setExchangeRate
};
//# sourceMappingURL=chunk-YE22NNSM.js.map
