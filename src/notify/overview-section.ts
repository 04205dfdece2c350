// The opening of the daily summary: the overview of a day across platforms (revenue, refunds, ad
// spend, ROI), each against the day before and the same weekday a week earlier, and a 30-day chart
// of revenue vs ad spend.
import type { Pool } from '../db/pool.js';
import { addDays } from '../engine/time.js';
import type { SummarySection } from '../engine/types.js';
import { formatYuan } from '../money.js';
import { overviewDays, type OverviewDay } from '../overview/overview.js';
import type { Rates } from '../overview/rates.js';

/** "+12.3%" / "−4.0%" / "—" (no base), one decimal. */
function change(now: string, before: string): string {
  const b = Number(before);
  if (!b) return '—';
  const pct = ((Number(now) - b) / Math.abs(b)) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;
}

function figure(label: string, pick: (d: OverviewDay) => string | null, day: OverviewDay, dayBefore: OverviewDay, weekBefore: OverviewDay, money = true) {
  const v = pick(day);
  const show = (x: string | null) => (x === null ? '—' : money ? formatYuan(x) : x);
  return { label, value: `${show(v)} (vs day before ${v === null ? '—' : change(v, pick(dayBefore) ?? '0')}, vs last week ${v === null ? '—' : change(v, pick(weekBefore) ?? '0')})` };
}

export async function overviewSection(pool: Pick<Pool, 'query'>, rates: Rates, day: string): Promise<SummarySection> {
  const days = await overviewDays(pool, rates, addDays(day, -29), day);
  const at = (d: string) => days.find((x) => x.day === d) as OverviewDay;
  const [today, dayBefore, weekBefore] = [at(day), at(addDays(day, -1)), at(addDays(day, -7))];
  const figures = [
    figure('Revenue', (d) => d.revenue, today, dayBefore, weekBefore),
    figure('Refunds', (d) => d.refunds, today, dayBefore, weekBefore),
    figure('Ad spend', (d) => d.adSpend, today, dayBefore, weekBefore),
    figure('ROI', (d) => d.roi, today, dayBefore, weekBefore, false),
  ];
  if (today.missingRates.length) figures.push({ label: 'Not counted', value: `${today.missingRates.join(', ')}: no exchange rate (tongbu fx set <CODE> <rate>)` });
  return {
    title: 'Overview, all platforms (元)',
    figures,
    trend: {
      label: 'Revenue vs ad spend, 30 days (元)',
      points: days.flatMap((d) => [
        { day: d.day, value: Number(d.revenue), series: 'revenue' },
        { day: d.day, value: Number(d.adSpend), series: 'ad spend' },
      ]),
    },
  };
}
