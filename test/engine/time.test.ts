import { describe, expect, it } from 'vitest';
import { isoFromUnixSeconds } from '../../src/engine/time.js';

describe('isoFromUnixSeconds', () => {
  const viaDate = (s: number) => new Date(s * 1000).toISOString();

  it('writes what Date writes at the edges of days, months, leap years and centuries', () => {
    const edges = [
      0, 1, 59, 60, 3599, 3600, 86_399, 86_400,
      Date.UTC(2000, 1, 28, 23, 59, 59) / 1000, Date.UTC(2000, 1, 29) / 1000, Date.UTC(2000, 2, 1) / 1000,
      Date.UTC(2100, 1, 28, 12) / 1000, Date.UTC(2100, 2, 1) / 1000,
      Date.UTC(2024, 1, 29, 16, 0, 0) / 1000, Date.UTC(2026, 11, 31, 23, 59, 59) / 1000, Date.UTC(2027, 0, 1) / 1000,
      Date.UTC(9999, 11, 31, 23, 59, 59) / 1000,
    ];
    for (const s of edges) expect(isoFromUnixSeconds(s)).toBe(viaDate(s));
  });

  it('writes what Date writes for 200,000 seconds drawn from 1970-9999', () => {
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    for (let i = 0; i < 200_000; i++) {
      const s = i % 2 ? Math.floor((next() / 2 ** 32) * 253_402_300_800) : 1_600_000_000 + (next() % 400_000_000);
      expect(isoFromUnixSeconds(s)).toBe(viaDate(s));
    }
  });

  it('leaves fractions and out-of-range seconds to Date', () => {
    for (const s of [1.5, 1_700_000_000.25, 253_402_300_800, -1]) expect(isoFromUnixSeconds(s)).toBe(viaDate(s));
  });
});
