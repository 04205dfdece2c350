// SeenKeys against a plain Map doing the same bookkeeping: 19-digit ids, short ids, keys that are
// not plain decimals, repeats within and across chunks, booking-state ranks, and enough keys to
// fill several of its pages and rehash its table.
import { describe, expect, it } from 'vitest';
import { SEEN_AGAIN, SEEN_IN_CHUNK, SEEN_LOSES, SeenKeys } from '../../src/excel/seen-keys.js';

/** The same answers, the simple way. */
class ModelKeys {
  readonly entries = new Map<string, { last: number; best: number; again: boolean }>();
  visit(key: string, rank: number, chunk: number): number {
    const e = this.entries.get(key);
    if (!e) {
      this.entries.set(key, { last: chunk, best: rank, again: false });
      return 0;
    }
    const inChunk = e.last === chunk;
    const again = inChunk ? e.again : true;
    const best = e.best;
    e.last = chunk;
    e.best = Math.max(best, rank);
    e.again = again;
    if (rank < best) return SEEN_LOSES;
    return (again ? SEEN_AGAIN : 0) | (inChunk ? SEEN_IN_CHUNK : 0);
  }
}

describe('SeenKeys', () => {
  it('answers as a Map would for 120,000 visits of up to 70,000 keys over 60 chunks', () => {
    let seed = 11;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    const keyOf = (n: number) => {
      switch (n % 5) {
        case 0:
          return String(1_077_940_000_000_000_000n + BigInt(n) * 7_919n); // 19 digits
        case 1:
          return String(n); // short
        case 2:
          return `0${n}`; // a leading zero: not a plain decimal
        case 3:
          return `SO-${n}`;
        default:
          return String(9_000_000_000_000_000_000n + BigInt(n)); // 19 digits, above 2^63
      }
    };
    const seen = new SeenKeys();
    const model = new ModelKeys();
    for (let i = 0; i < 120_000; i++) {
      const chunk = 1 + Math.floor(i / 2_000);
      // Mostly new keys early, then more and more repeats, some of them nearby (same chunk).
      const n = next() % 3 === 0 && i > 10 ? Math.max(0, i - 1 - (next() % 50)) % 70_000 : i % 70_000;
      const rank = next() % 4;
      const key = keyOf(n);
      expect(seen.visit(key, rank, chunk), `visit ${i} of ${key}`).toBe(model.visit(key, rank, chunk));
    }
    expect(seen.size).toBe(model.entries.size);
    expect(seen.size).toBeGreaterThan(3 * 16_384);
  });
});
