// Business time: calendar days are Asia/Shanghai days (UTC+8, no DST), whatever the server's zone.
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export const BUSINESS_TZ = 'Asia/Shanghai';

export { dayjs };

/** YYYY-MM-DD of the business day containing `d`. */
export function businessDay(d: Date): string {
  return dayjs(d).tz(BUSINESS_TZ).format('YYYY-MM-DD');
}

/** 00:00:00 of a business day (YYYY-MM-DD). */
export function dayStart(day: string): Date {
  return dayjs.tz(day, 'YYYY-MM-DD', BUSINESS_TZ).toDate();
}

/** 23:59:59 of a business day: windows and slices are inclusive at whole seconds. */
export function dayEnd(day: string): Date {
  return new Date(dayStart(day).getTime() + 86_400_000 - 1000);
}

export function addDays(day: string, n: number): string {
  return dayjs.tz(day, 'YYYY-MM-DD', BUSINESS_TZ).add(n, 'day').format('YYYY-MM-DD');
}

/** Yesterday's business day, seen from `now`. */
export function yesterday(now: Date = new Date()): string {
  return addDays(businessDay(now), -1);
}

/** 00:00 on the 1st of the business month after the one containing `d`. */
export function nextMonthStart(d: Date): Date {
  const [y, m] = dayjs(d).tz(BUSINESS_TZ).format('YYYY-M').split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return dayStart(next);
}

/** "2026-02-11 07:30" in business time, for people. */
export function formatBusinessTime(d: Date): string {
  return dayjs(d).tz(BUSINESS_TZ).format('YYYY-MM-DD HH:mm');
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Strictly parse YYYY-MM-DD (rejects 2026-02-30). */
export function parseDay(text: string): string | undefined {
  const t = text.trim();
  if (!DAY_RE.test(t)) return undefined;
  const d = dayjs.tz(t, 'YYYY-MM-DD', BUSINESS_TZ);
  return d.isValid() && d.format('YYYY-MM-DD') === t ? t : undefined;
}
