// The periods the ranking and the account totals are read for (Asia/Shanghai days).
import { businessDay, dayStart } from '../../engine/time.js';

export const PERIODS = ['today', '7d', '30d', 'all'] as const;
export type Period = (typeof PERIODS)[number];

/** When a period starts, seen from `now` (undefined: all time). */
export function periodStart(period: Period, now: Date): Date | undefined {
  if (period === 'all') return undefined;
  if (period === 'today') return dayStart(businessDay(now));
  return new Date(now.getTime() - (period === '7d' ? 7 : 30) * 86_400_000);
}
