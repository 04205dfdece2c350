// What a chunk of the outbox asks for. The writer reads the CURRENT row of each entry (several
// changes coalesce into one write) and decides: create (no record mapped), update (the fields'
// hash changed), delete (the row is gone), or nothing (hash unchanged: the entry is dequeued
// without any API call).
import type { Pool } from '../db/pool.js';
import type { BitableApi } from './api.js';
import type { BitableMapping } from './mapping.js';
import { removeDone, type OutboxItem } from './record-map.js';
import { describeSource, fieldSelectSql, fieldsHash, lit, q, rowToFields, type SourceInfo } from './source.js';
import { ensureTarget, type BitableTarget } from './target.js';

/** A mapping ready to drain: its Bitable table (ensured) and the query reading its outbox. */
export interface ReadyMapping {
  target: BitableTarget;
  info: SourceInfo;
  selectSql: string;
}

export interface DrainPlan {
  /** The highest outbox id read: the next chunk starts after it. */
  maxId: number;
  /** Entries read (0: the outbox is drained). */
  count: number;
  creates: OutboxItem[];
  updates: OutboxItem[];
  deletes: OutboxItem[];
  /** Entries dequeued without a call. */
  unchanged: number;
}

/** Ensure the table and its fields, and build the outbox query (once per mapping and table). */
export async function prepareMapping(pool: Pool, api: BitableApi, appToken: string, m: BitableMapping, tz: string): Promise<ReadyMapping> {
  const info = await describeSource(pool, m);
  const target = await ensureTarget(api, appToken, m, info);
  return { target, info, selectSql: outboxSelectSql(m, info, tz) };
}

/**
 * The query reading a chunk of the outbox with each entry's current row and record
 * ($1 mapping, $2 table id, $3 cursor, $4 limit).
 */
export function outboxSelectSql(m: BitableMapping, info: SourceInfo, tz: string): string {
  // Each key value cast from the entry's keys to its column's type: what jsonb_populate_record
  // did, without building a whole row of the table per entry (about a sixth of this query's cost).
  const keyJoin = m.key.map((c) => `t.${q(c)} = (o.keys ->> ${lit(c)})::${info.castTypes.get(c) ?? 'text'}`).join(' AND ');
  return `SELECT o.id, o.version, o.record_key, o.attempts, r.record_id, r.fields_hash,
      (t.${q(m.key[0] as string)} IS NOT NULL) AS present, ${fieldSelectSql(m, info, tz, 't')}
    FROM (SELECT * FROM bitable_outbox WHERE mapping = $1 AND id > $3 AND next_attempt_at <= now() ORDER BY id LIMIT $4) o
    -- LATERAL … LIMIT 1: one primary-key lookup per entry whatever the table statistics say
    -- (fresh tables without ANALYZE otherwise get a nested loop over all mapped records).
    LEFT JOIN LATERAL (SELECT * FROM ${q(m.source)} t WHERE ${keyJoin} LIMIT 1) t ON true
    LEFT JOIN LATERAL (SELECT r.record_id, r.fields_hash FROM bitable_records r
      WHERE r.mapping = o.mapping AND r.record_key = o.record_key AND r.table_id = $2 LIMIT 1) r ON true
    ORDER BY o.id`;
}

/** Up to `limit` due entries after `cursor`, sorted into creates, updates and deletes. */
export async function planChunk(pool: Pool, m: BitableMapping, r: ReadyMapping, cursor: number, limit: number): Promise<DrainPlan> {
  const res = await pool.query(r.selectSql, [m.name, r.target.tableId, cursor, limit]);
  const p: DrainPlan = { maxId: cursor, count: res.rows.length, creates: [], updates: [], deletes: [], unchanged: 0 };
  const unchanged: OutboxItem[] = [];
  for (const row of res.rows as Record<string, unknown>[]) {
    const item: OutboxItem = { id: Number(row.id), version: Number(row.version), key: String(row.record_key), attempts: Number(row.attempts), recordId: (row.record_id as string | null) ?? undefined };
    p.maxId = Math.max(p.maxId, item.id);
    if (!row.present) {
      if (item.recordId) p.deletes.push(item);
      else unchanged.push(item);
      continue;
    }
    item.fields = rowToFields(m, row, item.key);
    item.hash = fieldsHash(item.fields);
    if (!item.recordId) p.creates.push(item);
    else if (item.hash !== row.fields_hash) p.updates.push(item);
    else unchanged.push(item);
  }
  if (unchanged.length) await removeDone(pool, unchanged);
  p.unchanged = unchanged.length;
  return p;
}
