// The emulator's deterministic report data: a fixed set of units (promotions) per local-push
// account, each active on most days, with figures derived from (seed, account, day, unit,
// revision). Bumping a day's revision changes its figures and drops units, which is how tests
// and the sandbox see the platform revising a recent day between two pulls.
import { createHash } from 'node:crypto';

export interface EmulatedUnit {
  promotionId: bigint;
  promotionName: string;
  projectId: bigint;
  projectName: string;
}

export interface EmulatedRow {
  unit: EmulatedUnit;
  stat_time_day: string;
  /** 元 in cents; the API sends `stat_cost` as a float (cents / 100). */
  costCents: number;
  show_cnt: number;
  click_cnt: number;
  convert_cnt: number;
  clue_pay_order_cnt: number;
}

const NAMES = ['热玛吉', '黄金微针', '抗衰超声炮', '水光针', '光子嫩肤', '皮秒祛斑', '热拉提', '玻尿酸'];

function hash(...parts: (string | number)[]): Buffer {
  return createHash('sha256').update(parts.join('|')).digest();
}

function int64(...parts: (string | number)[]): bigint {
  // Real ids are 19 digits starting 7…: 7_000… + 63 bits of hash, kept under 2^63.
  return 7_000_000_000_000_000_000n + (hash(...parts).readBigUInt64BE(0) % 2_000_000_000_000_000_000n);
}

export function unitsFor(seed: string, account: string, count: number): EmulatedUnit[] {
  return Array.from({ length: count }, (_, i) => {
    const name = NAMES[i % NAMES.length] as string;
    const mmdd = String(1 + (hash(seed, account, 'date', i).readUInt8(0) % 28)).padStart(2, '0');
    return {
      promotionId: int64(seed, account, 'promotion', i),
      promotionName: `${name}私信_02_${mmdd}`,
      projectId: int64(seed, account, 'project', i),
      projectName: `${name}_02_${mmdd}_01`,
    };
  });
}

/** One day's rows for an account at a revision (0 = first publication). */
export function rowsFor(seed: string, account: string, day: string, units: EmulatedUnit[], revision: number): EmulatedRow[] {
  const active = units.filter((_, i) => hash(seed, account, day, 'active', i).readUInt8(0) % 10 < 8);
  // Each revision drops one more unit (never the last), as when a unit's spend is reversed.
  const kept = active.slice(Math.min(revision, Math.max(active.length - 1, 0)));
  return kept.map((unit) => {
    const h = hash(seed, account, day, unit.promotionId.toString(), 'rev', revision);
    const show = 500 + (h.readUInt32BE(0) % 20_000);
    const click = Math.floor(show * (0.002 + (h.readUInt8(4) % 10) / 1000));
    const convert = h.readUInt8(5) % 3 === 0 ? 0 : h.readUInt8(6) % 9;
    return {
      unit,
      stat_time_day: day,
      costCents: 5_000 + (h.readUInt32BE(8) % 150_000),
      show_cnt: show,
      click_cnt: click,
      convert_cnt: convert,
      clue_pay_order_cnt: h.readUInt8(12) % 4 === 0 ? h.readUInt8(13) % 3 : 0,
    };
  });
}
