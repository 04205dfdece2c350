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

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * Whole unix seconds → the ISO instant `new Date(s * 1000).toISOString()` gives
 * ("2026-12-06T01:35:00.000Z"), computed from the day number (civil-from-days, H. Hinnant)
 * instead: a sync formats three per order, and Date's formatting cost about 0.9 µs each, a
 * tenth of the process's own work per order on the 抖音来客 benchmark. Anything else (fractions,
 * years outside 1970-9999) goes through Date.
 */
export function isoFromUnixSeconds(s: number): string {
  if (!Number.isInteger(s) || s < 0 || s >= 253_402_300_800) return new Date(s * 1000).toISOString();
  const days = Math.floor(s / 86_400);
  const secs = s - days * 86_400;
  // Days since 0000-03-01 in 400-year eras (146,097 days each).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(secs / 3600);
  const minute = Math.floor((secs - hour * 3600) / 60);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secs % 60]}.000Z`;
}
