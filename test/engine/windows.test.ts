import { describe, expect, it } from 'vitest';
import { TongbuError } from '../../src/errors.js';
import { daySlices, parseRange, planWindow } from '../../src/engine/windows.js';

const iso = (d: Date) => d.toISOString();
const base = { SYNC_DAYS: 7 };

describe('planWindow', () => {
  it('SYNC_DAYS: from 00:00 Asia/Shanghai N days ago to now', () => {
    const now = new Date('2026-02-11T02:30:15.500Z'); // 10:30:15 in Shanghai
    const w = planWindow({ SYNC_DAYS: 7 }, now);
    expect(iso(w.from)).toBe('2026-02-03T16:00:00.000Z'); // 2026-02-04 00:00 +08
    expect(iso(w.to)).toBe('2026-02-11T02:30:15.000Z');
  });

  it('SYNC_DAYS near midnight uses the Shanghai calendar day, not UTC', () => {
    const now = new Date('2026-02-10T16:05:00Z'); // 2026-02-11 00:05 in Shanghai, still Feb 10 in UTC
    expect(iso(planWindow({ SYNC_DAYS: 1 }, now).from)).toBe('2026-02-09T16:00:00.000Z'); // 2026-02-10 00:00 +08
  });

  it('START_DATE/END_DATE dates cover whole days inclusive', () => {
    const w = planWindow({ ...base, START_DATE: '2026-02-01', END_DATE: '2026-02-11' });
    expect(iso(w.from)).toBe('2026-01-31T16:00:00.000Z');
    expect(iso(w.to)).toBe('2026-02-11T15:59:59.000Z');
  });

  it('START_DATE/END_DATE accept date-times', () => {
    const w = planWindow({ ...base, START_DATE: '2024-01-01 10:00:00', END_DATE: '2024-01-31 18:00' });
    expect(iso(w.from)).toBe('2024-01-01T02:00:00.000Z');
    expect(iso(w.to)).toBe('2024-01-31T10:00:00.000Z');
  });

  it('START_TIME/END_TIME are unix seconds', () => {
    const w = planWindow({ ...base, START_TIME: '1704067200', END_TIME: '1735660799' });
    expect(w.from.getTime()).toBe(1704067200_000);
    expect(w.to.getTime()).toBe(1735660799_000);
  });

  it.each([
    [{ START_DATE: '2026-02-11', END_DATE: '2026-02-01' }, /start is after the end/],
    [{ START_DATE: '2026-02-30', END_DATE: '2026-03-01' }, /START_DATE "2026-02-30" is not a date/],
    [{ START_DATE: '2026-02-01' }, /must be set together/],
    [{ START_TIME: '1735660799', END_TIME: '1704067200' }, /start is after the end/],
    [{ START_TIME: 'yesterday', END_TIME: '1704067200' }, /not unix seconds/],
    [{ START_DATE: '2026-02-01', END_DATE: '2026-02-02', START_TIME: '1704067200', END_TIME: '1704067201' }, /not both/],
    [{ SYNC_DAYS: 0 }, /SYNC_DAYS/],
  ])('refuses %j with a clear message', (settings, message) => {
    let error: unknown;
    try {
      planWindow({ ...base, ...settings });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TongbuError);
    expect((error as TongbuError).code).toBe('WINDOW_INVALID');
    expect((error as TongbuError).message).toMatch(message);
  });
});

describe('parseRange (commands)', () => {
  it('one date, a range, and Chinese separators', () => {
    expect(iso(parseRange('2026-02-11').to)).toBe('2026-02-11T15:59:59.000Z');
    const r = parseRange('2026-02-01..2026-02-12');
    expect(iso(r.from)).toBe('2026-01-31T16:00:00.000Z');
    expect(iso(r.to)).toBe('2026-02-12T15:59:59.000Z');
    expect(iso(parseRange('2026-02-01 至 2026-02-12').to)).toBe('2026-02-12T15:59:59.000Z');
  });
  it('refuses reversed and malformed ranges', () => {
    expect(() => parseRange('2026-02-12..2026-02-01')).toThrow(/start is after the end/);
    expect(() => parseRange('Feb 1')).toThrow(/not a date/);
  });
});

describe('daySlices', () => {
  it('cuts at Asia/Shanghai midnights and clips to the window', () => {
    const slices = daySlices({ from: new Date('2026-02-01T02:00:00Z'), to: new Date('2026-02-03T01:00:00Z') });
    expect(slices.map((s) => s.day)).toEqual(['2026-02-01', '2026-02-02', '2026-02-03']);
    expect(iso(slices[0]!.from)).toBe('2026-02-01T02:00:00.000Z');
    expect(iso(slices[0]!.to)).toBe('2026-02-01T15:59:59.000Z');
    expect(iso(slices[1]!.from)).toBe('2026-02-01T16:00:00.000Z');
    expect(iso(slices[2]!.to)).toBe('2026-02-03T01:00:00.000Z');
  });
  it('a window inside one day is one slice', () => {
    expect(daySlices({ from: new Date('2026-02-01T17:00:00Z'), to: new Date('2026-02-01T18:00:00Z') })).toHaveLength(1);
  });
});
