// Window planning: which instants a run covers, cut into business-day slices.
// Three modes, as in the old script: the last N days, a date(-time) range, a unix-seconds range.
import { TongbuError } from '../errors.js';
import { BUSINESS_TZ, businessDay, dayEnd, dayStart, dayjs, parseDay } from './time.js';
import type { SliceSpec, SyncSlice, SyncWindow } from './types.js';

export interface WindowSettings {
  SYNC_DAYS: number;
  START_DATE?: string;
  END_DATE?: string;
  START_TIME?: string;
  END_TIME?: string;
}

/** Parse "YYYY-MM-DD" or "YYYY-MM-DD HH:mm[:ss]" (Asia/Shanghai). A bare end date means its last second. */
export function parseDateTime(text: string, side: 'start' | 'end'): Date | undefined {
  const day = parseDay(text);
  if (day) return side === 'start' ? dayStart(day) : dayEnd(day);
  const t = text.trim().replace('T', ' ');
  for (const fmt of ['YYYY-MM-DD HH:mm:ss', 'YYYY-MM-DD HH:mm']) {
    const d = dayjs.tz(t, fmt, BUSINESS_TZ);
    if (d.isValid() && d.format(fmt) === t) return d.toDate();
  }
  return undefined;
}

function parseUnixSeconds(text: string): Date | undefined {
  const t = text.trim();
  if (!/^\d{9,11}$/.test(t)) return undefined;
  return new Date(Number(t) * 1000);
}

function checkOrder(from: Date, to: Date, what: string): SyncWindow {
  if (from.getTime() > to.getTime()) {
    throw new TongbuError('WINDOW_INVALID', `${what}: the start is after the end`);
  }
  return { from, to };
}

/**
 * The window of a scheduled run at `now`. START_DATE/END_DATE or START_TIME/END_TIME give a
 * fixed window; otherwise the last SYNC_DAYS days: from 00:00 SYNC_DAYS days ago to now.
 */
export function planWindow(s: WindowSettings, now: Date = new Date()): SyncWindow {
  const hasDates = Boolean(s.START_DATE || s.END_DATE);
  const hasTimes = Boolean(s.START_TIME || s.END_TIME);
  if (hasDates && hasTimes) {
    throw new TongbuError('WINDOW_INVALID', 'set either START_DATE/END_DATE or START_TIME/END_TIME, not both');
  }
  if (hasDates) {
    if (!s.START_DATE || !s.END_DATE) throw new TongbuError('WINDOW_INVALID', 'START_DATE and END_DATE must be set together');
    const from = parseDateTime(s.START_DATE, 'start');
    if (!from) throw new TongbuError('WINDOW_INVALID', `START_DATE "${s.START_DATE}" is not a date like 2026-02-01 or 2026-02-01 10:00:00`);
    const to = parseDateTime(s.END_DATE, 'end');
    if (!to) throw new TongbuError('WINDOW_INVALID', `END_DATE "${s.END_DATE}" is not a date like 2026-02-11 or 2026-02-11 18:00:00`);
    return checkOrder(from, to, `START_DATE ${s.START_DATE} .. END_DATE ${s.END_DATE}`);
  }
  if (hasTimes) {
    if (!s.START_TIME || !s.END_TIME) throw new TongbuError('WINDOW_INVALID', 'START_TIME and END_TIME must be set together');
    const from = parseUnixSeconds(s.START_TIME);
    if (!from) throw new TongbuError('WINDOW_INVALID', `START_TIME "${s.START_TIME}" is not unix seconds`);
    const to = parseUnixSeconds(s.END_TIME);
    if (!to) throw new TongbuError('WINDOW_INVALID', `END_TIME "${s.END_TIME}" is not unix seconds`);
    return checkOrder(from, to, `START_TIME ${s.START_TIME} .. END_TIME ${s.END_TIME}`);
  }
  if (!Number.isInteger(s.SYNC_DAYS) || s.SYNC_DAYS < 1) {
    throw new TongbuError('WINDOW_INVALID', `SYNC_DAYS must be a whole number of days ≥ 1, got ${s.SYNC_DAYS}`);
  }
  const today = businessDay(now);
  const from = dayStart(dayjs.tz(today, 'YYYY-MM-DD', BUSINESS_TZ).subtract(s.SYNC_DAYS, 'day').format('YYYY-MM-DD'));
  return { from, to: truncateToSecond(now) };
}

/**
 * A range typed by a person: "2026-02-11", "2026-02-01..2026-02-12" (also "~", "至", "到", " to ")
 * or two date-times; whole days are inclusive.
 */
export function parseRange(text: string): SyncWindow {
  const t = text.trim();
  const parts = t.split(/\s*(?:\.\.|~|～|至|到|\bto\b)\s*/).filter(Boolean);
  if (parts.length === 1) {
    const from = parseDateTime(parts[0] as string, 'start');
    const to = parseDateTime(parts[0] as string, 'end');
    if (!from || !to) throw new TongbuError('WINDOW_INVALID', `"${t}" is not a date like 2026-02-11`);
    return { from, to };
  }
  if (parts.length !== 2) throw new TongbuError('WINDOW_INVALID', `"${t}" is not a range like 2026-02-01..2026-02-12`);
  const from = parseDateTime(parts[0] as string, 'start');
  const to = parseDateTime(parts[1] as string, 'end');
  if (!from) throw new TongbuError('WINDOW_INVALID', `"${parts[0]}" is not a date like 2026-02-01`);
  if (!to) throw new TongbuError('WINDOW_INVALID', `"${parts[1]}" is not a date like 2026-02-12`);
  return checkOrder(from, to, t);
}

function truncateToSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** Cut a window into business-day slices, each inclusive and clipped to the window. */
export function daySlices(w: SyncWindow): SyncSlice[] {
  const slices: SyncSlice[] = [];
  let day = businessDay(w.from);
  const lastDay = businessDay(w.to);
  for (;;) {
    const start = dayStart(day);
    const end = dayEnd(day);
    slices.push({
      day,
      from: new Date(Math.max(start.getTime(), w.from.getTime())),
      to: new Date(Math.min(end.getTime(), w.to.getTime())),
    });
    if (day === lastDay) break;
    day = dayjs.tz(day, 'YYYY-MM-DD', BUSINESS_TZ).add(1, 'day').format('YYYY-MM-DD');
  }
  return slices;
}

/**
 * Cut a window as a stream asks: whole days (N business days per slice, aligned to Asia/Shanghai
 * midnight), N minutes per slice (aligned to the epoch, so replicas cut alike), or one slice.
 */
export function slicesFor(w: SyncWindow, spec: SliceSpec = { days: 1 }): SyncSlice[] {
  if (spec === 'none') return [{ from: w.from, to: w.to, day: businessDay(w.from) }];
  if ('minutes' in spec) {
    const step = spec.minutes * 60_000;
    const slices: SyncSlice[] = [];
    for (let start = Math.floor(w.from.getTime() / step) * step; start <= w.to.getTime(); start += step) {
      const from = new Date(Math.max(start, w.from.getTime()));
      slices.push({ from, to: new Date(Math.min(start + step - 1000, w.to.getTime())), day: businessDay(from) });
    }
    return slices;
  }
  const days = daySlices(w);
  if (spec.days <= 1) return days;
  const slices: SyncSlice[] = [];
  for (let i = 0; i < days.length; i += spec.days) {
    const group = days.slice(i, i + spec.days);
    slices.push({ from: (group[0] as SyncSlice).from, to: (group[group.length - 1] as SyncSlice).to, day: (group[0] as SyncSlice).day });
  }
  return slices;
}
