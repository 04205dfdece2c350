// The overview across platforms: the operation behind `/overview`, `tongbu overview`,
// `GET /api/overview` and the opening of the daily summary. Revenue, refunds and ad spend in 元
// (converted at the rates people set; a currency without one is named, never guessed), orders,
// ROI = revenue ÷ ad spend; for the period, each day, each platform, and the last day against
// the day before and the same weekday a week earlier.
import { addDays, businessDay, parseDay, yesterday } from '../engine/time.js';
import { TongbuError } from '../errors.js';
import { centsToDecimal, decimalToCents } from '../money.js';
import { overviewDays, platformTotals, type OverviewDay, type PlatformTotal } from '../overview/overview.js';
import { loadRates, setRate } from '../overview/rates.js';
import type { Services } from '../services.js';
import { monthRange } from './export.js';

export interface OverviewTotals {
  revenue: string;
  refunds: string;
  adSpend: string;
  orders: number;
  roi: string | null;
  missingRates: string[];
}

export interface Overview {
  period: { label: string; from: string; to: string };
  totals: OverviewTotals;
  days: OverviewDay[];
  platforms: PlatformTotal[];
  /** The period's last day, the day before it, and the same weekday a week earlier. */
  compare: { day: OverviewDay; dayBefore: OverviewDay; weekBefore: OverviewDay };
  /** 元 per unit, as used. */
  rates: Record<string, string>;
}

/** "today", "yesterday" (default), "7d", "30d", "YYYY-MM", "YYYY-MM-DD" or "from..to" → days. */
export function overviewPeriod(text: string | undefined, now = new Date()): { label: string; from: string; to: string } {
  const t = (text ?? '').trim().toLowerCase() || 'yesterday';
  const today = businessDay(now);
  if (t === 'today' || t === '今天') return { label: 'today', from: today, to: today };
  if (t === 'yesterday' || t === '昨天') return { label: 'yesterday', from: yesterday(now), to: yesterday(now) };
  const n = /^(\d{1,3})d$/.exec(t);
  if (n && Number(n[1]) >= 1 && Number(n[1]) <= 366) return { label: t, from: addDays(yesterday(now), -(Number(n[1]) - 1)), to: yesterday(now) };
  if (/^\d{4}-\d{2}$/.test(t)) {
    const { first, last } = monthRange(t);
    return { label: t, from: first, to: last < today ? last : today };
  }
  const range = t.split(/\s*(?:\.\.|~|至|到)\s*/);
  const from = parseDay(range[0] ?? '');
  const to = parseDay(range[1] ?? range[0] ?? '');
  if (from && to && from <= to) return { label: range.length > 1 ? `${from}..${to}` : from, from, to };
  throw new TongbuError('COMMAND_BAD_ARGS', `"${text}" is not a period: use today, yesterday, 7d, 30d, 2026-11 or 2026-11-01..2026-11-07`);
}

function ratio(a: string, b: string): string | null {
  const num = decimalToCents(a);
  const den = decimalToCents(b);
  if (den === 0n) return null;
  const q = (num * 20000n + den) / (2n * den); // ×10^4, half-up
  return `${q / 10000n}.${String(q % 10000n).padStart(4, '0')}`;
}

function total(days: OverviewDay[]): OverviewTotals {
  const sum = (k: 'revenue' | 'refunds' | 'adSpend') => centsToDecimal(days.reduce((n, d) => n + decimalToCents(d[k]), 0n));
  const revenue = sum('revenue');
  const adSpend = sum('adSpend');
  return {
    revenue,
    refunds: sum('refunds'),
    adSpend,
    orders: days.reduce((n, d) => n + d.orders, 0),
    roi: ratio(revenue, adSpend),
    missingRates: [...new Set(days.flatMap((d) => d.missingRates))].sort(),
  };
}

export async function getOverview(services: Pick<Services, 'pool' | 'config'>, periodText?: string, now = new Date()): Promise<Overview> {
  const period = overviewPeriod(periodText, now);
  const rates = await loadRates(services.pool, services.config);
  const span = await overviewDays(services.pool, rates, addDays(period.to, -7) < period.from ? addDays(period.to, -7) : period.from, period.to);
  const byDay = new Map(span.map((d) => [d.day, d]));
  const days = span.filter((d) => d.day >= period.from);
  const at = (day: string) => byDay.get(day) as OverviewDay;
  return {
    period,
    totals: total(days),
    days,
    platforms: await platformTotals(services.pool, rates, period.from, period.to),
    compare: { day: at(period.to), dayBefore: at(addDays(period.to, -1)), weekBefore: at(addDays(period.to, -7)) },
    rates: Object.fromEntries(rates),
  };
}

/** `tongbu fx set USD 7.12`: a rate people set; the overview of every day is computed with it from now on. */
export async function setExchangeRate(services: Pick<Services, 'pool' | 'engine'>, currency: string, rate: string, by: string): Promise<void> {
  if (!/^[A-Za-z]{3}$/.test(currency)) throw new TongbuError('COMMAND_BAD_ARGS', `"${currency}" is not a currency code such as USD`);
  if (!/^\d+(\.\d+)?$/.test(rate) || Number(rate) <= 0) throw new TongbuError('COMMAND_BAD_ARGS', `"${rate}" is not a positive rate such as 7.12 (元 per unit)`);
  await setRate(services.pool, currency, rate, by);
  // The overview table (and its Bitable mirror) follows the new rate for every day with that currency.
  const days = await services.pool.query<{ day: string }>(`SELECT DISTINCT to_char(day, 'YYYY-MM-DD') AS day FROM daily_metrics WHERE currency = $1 ORDER BY 1`, [currency.toUpperCase()]);
  if (days.rowCount) await services.engine?.refreshOverview(days.rows.map((d) => d.day));
}
