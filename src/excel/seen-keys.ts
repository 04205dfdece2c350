// The keys (子订单ID, 订单编号) an import has loaded so far, with the chunk each was last in and
// its best booking-state rank: what the staging load needs to tell a key repeated across chunks
// without asking PostgreSQL. It replaced a temporary table (excel_seen) that every row was
// upserted into, about 4-5 µs of server CPU per row, a fifth of the server's work of an import.
//
// Ids are digit strings of up to 19 digits: those are kept as two numbers (the digits before the
// last nine, and the last nine), 17 bytes a key plus the hash table, about 3.5 MB at 100k keys,
// instead of a Map of strings (about 70 bytes a key, all of it in V8's old generation). Any
// other key (letters, a leading zero, more digits) goes to a Map.

/**
 * What a row's key means for its chunk, as bits: SEEN_AGAIN, the key was in an earlier chunk;
 * SEEN_IN_CHUNK, an earlier row of this chunk has it; SEEN_LOSES, an earlier row of the file has a
 * later booking state, so this row loses (it is not loaded). 0: the first time in this file.
 */
export const SEEN_AGAIN = 1;
export const SEEN_IN_CHUNK = 2;
export const SEEN_LOSES = 4;

const AGAIN_BIT = 0x80;
const EMPTY = 0;

// Entries live in pages of 16,384 that are added as keys come and never copied: growing by
// copying into arrays twice the size held both copies at once (about 6 MB more at 262,144 keys,
// the peak of a 300k-row import) and left half of the new arrays unused.
const PAGE_BITS = 14;
const PAGE_MASK = (1 << PAGE_BITS) - 1;

interface Page {
  hi: Float64Array;
  lo: Uint32Array;
  /** Chunk the key was last in. */
  last: Uint32Array;
  /** Best rank (low 7 bits) and whether the key was "again" in its last chunk (AGAIN_BIT). */
  meta: Uint8Array;
}

const newPage = (): Page => ({
  hi: new Float64Array(PAGE_MASK + 1),
  lo: new Uint32Array(PAGE_MASK + 1),
  last: new Uint32Array(PAGE_MASK + 1),
  meta: new Uint8Array(PAGE_MASK + 1),
});

export class SeenKeys {
  private readonly pages: Page[] = [newPage()];
  /** Open addressing: entry number + 1, or EMPTY. */
  private slots = new Int32Array(2048);
  private readonly other = new Map<string, number>();
  /** Keys held. */
  size = 0;

  /** Records a row's key; the answer is SEEN_* bits (0 the first time). */
  visit(key: string, rank: number, chunk: number): number {
    const e = this.find(key);
    if (e < 0) {
      this.add(key, rank, chunk);
      return 0;
    }
    const page = this.pages[e >>> PAGE_BITS] as Page;
    const o = e & PAGE_MASK;
    const meta = page.meta[o] as number;
    const best = meta & ~AGAIN_BIT;
    const inChunk = page.last[o] === chunk;
    const again = inChunk ? (meta & AGAIN_BIT) !== 0 : true;
    page.last[o] = chunk;
    page.meta[o] = Math.max(best, rank) | (again ? AGAIN_BIT : 0);
    if (rank < best) return SEEN_LOSES;
    return (again ? SEEN_AGAIN : 0) | (inChunk ? SEEN_IN_CHUNK : 0);
  }

  /** Entry of a key, or -1. */
  private find(key: string): number {
    if (!digits(key)) return this.other.get(key) ?? -1;
    const mask = this.slots.length - 1;
    for (let i = hash(parsedHi, parsedLo) & mask; ; i = (i + 1) & mask) {
      const s = this.slots[i] as number;
      if (s === EMPTY) return -1;
      const e = s - 1;
      const page = this.pages[e >>> PAGE_BITS] as Page;
      if (page.hi[e & PAGE_MASK] === parsedHi && page.lo[e & PAGE_MASK] === parsedLo) return e;
    }
  }

  private add(key: string, rank: number, chunk: number): void {
    const e = this.size++;
    if (e >>> PAGE_BITS === this.pages.length) this.pages.push(newPage());
    const page = this.pages[e >>> PAGE_BITS] as Page;
    const o = e & PAGE_MASK;
    page.last[o] = chunk;
    page.meta[o] = rank;
    if (!digits(key)) {
      this.other.set(key, e);
      page.hi[o] = -1;
      return;
    }
    page.hi[o] = parsedHi;
    page.lo[o] = parsedLo;
    // Load factor at most one half: probes stay short.
    if ((this.size - this.other.size) * 2 > this.slots.length) this.rehash();
    else this.place(e, parsedHi, parsedLo);
  }

  private place(e: number, hi: number, lo: number): void {
    const mask = this.slots.length - 1;
    let i = hash(hi, lo) & mask;
    while (this.slots[i] !== EMPTY) i = (i + 1) & mask;
    this.slots[i] = e + 1;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let e = 0; e < this.size; e++) {
      const page = this.pages[e >>> PAGE_BITS] as Page;
      const hi = page.hi[e & PAGE_MASK] as number;
      if (hi >= 0) this.place(e, hi, page.lo[e & PAGE_MASK] as number);
    }
  }
}

// The last key parsed by digits(): the digits before the last nine, and the last nine.
let parsedHi = 0;
let parsedLo = 0;

/** A plain decimal of 1-19 digits without a leading zero (so its value names it)? Sets parsedHi/parsedLo. */
function digits(key: string): boolean {
  const len = key.length;
  if (len === 0 || len > 19 || (len > 1 && key.charCodeAt(0) === 48)) return false;
  const split = len - 9;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < len; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (i < split) hi = hi * 10 + d;
    else lo = lo * 10 + d;
  }
  parsedHi = hi;
  parsedLo = lo;
  return true;
}

function hash(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi >>> 0, 0x9e3779b1) ^ Math.floor(hi / 4294967296), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
