// The outbox: rows to mirror, queued in the same transaction as the upsert that changed them
// (ARCHITECTURE.md principle 1). One entry per (mapping, record key); a second change of the
// same row before the writer gets to it only bumps `version`, so several updates coalesce
// into one write of the row's latest state.
import type { Config } from '../config.js';
import type { Pool, PoolClient } from '../db/pool.js';
import type { WriteHook } from '../engine/types.js';
import { baseOf, type BitableMapping } from './mapping.js';
import { q, recordKeySql } from './source.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Dates as local wall time with the offset: right for a timestamptz column (the same instant)
 * and for a `date` column (node-pg turns a date into local midnight, whose date part is kept).
 */
function toKeyJson(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  const off = -value.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  return (
    `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}T${pad(value.getHours())}:${pad(value.getMinutes())}:${pad(value.getSeconds())}.${pad(value.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  );
}

const SET_ON_CONFLICT = `ON CONFLICT (mapping, record_key) DO UPDATE SET
  version = bitable_outbox.version + 1,
  keys = EXCLUDED.keys,
  enqueued_at = now(),
  -- a parked entry (table full) waits for its retry time; anything else is due now
  next_attempt_at = CASE WHEN bitable_outbox.parked THEN bitable_outbox.next_attempt_at ELSE now() END`;

function keysObjectSql(mapping: BitableMapping, alias: string): string {
  return `jsonb_build_object(${mapping.key.map((c) => `'${c}', ${alias}.${q(c)}`).join(', ')})`;
}

/** Queue rows by primary-key values (as the loader has them). */
export async function enqueueKeys(db: Pool | PoolClient, mapping: BitableMapping, keys: Record<string, unknown>[]): Promise<number> {
  if (!keys.length) return 0;
  const json = JSON.stringify(keys.map((k) => Object.fromEntries(mapping.key.map((c) => [c, toKeyJson(k[c])]))));
  const res = await db.query(
    `INSERT INTO bitable_outbox (mapping, record_key, keys)
     SELECT DISTINCT ON (rk) $1, rk, kj FROM (
       SELECT ${recordKeySql(mapping, 'r')} AS rk, ${keysObjectSql(mapping, 'r')} AS kj
       FROM jsonb_array_elements($2::jsonb) e CROSS JOIN LATERAL jsonb_populate_record(null::${q(mapping.source)}, e.value) r
     ) x
     ${SET_ON_CONFLICT}`,
    [mapping.name, json],
  );
  return res.rowCount ?? 0;
}

/** Queue the rows of `source` matching a condition over alias `t` (dedup and --force). */
export async function enqueueWhere(db: Pool | PoolClient, mapping: BitableMapping, where: string, params: unknown[]): Promise<number> {
  const res = await db.query(
    `INSERT INTO bitable_outbox (mapping, record_key, keys)
     SELECT $1, ${recordKeySql(mapping, 't')}, ${keysObjectSql(mapping, 't')} FROM ${q(mapping.source)} t WHERE ${where}
     ${SET_ON_CONFLICT}`,
    [mapping.name, ...params],
  );
  return res.rowCount ?? 0;
}

/**
 * The loader's write hook: queues the changed (or deleted) rows of mapped tables, inside the
 * upsert's transaction. Does nothing for unmapped tables, disabled mappings, or when the
 * mirror is off (no base configured).
 */
export function createMirrorHook(config: Config, mappings: BitableMapping[]): WriteHook {
  const active = mappings.filter((m) => m.enabled && baseOf(m, config));
  return {
    async afterWrite(client, change) {
      for (const m of active) if (m.source === change.table) await enqueueKeys(client, m, change.keys);
    },
  };
}
