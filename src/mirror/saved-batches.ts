// Batching, and batches that survive a crash. Records go in batches of ≤ 500 (the platform
// allows 1,000 for create/update and 500 for delete; one size is simpler and safe). Each
// batch_create is saved in bitable_batches with its client_token and exact body BEFORE its
// call; the save of its outcome drops it (record-map.ts). After a crash in between, the next
// pass replays the saved batch with the same token and body, and Bitable answers with the
// records it already made instead of adding them again. A saved batch holds the body, its
// entries' ids and versions, and the name of its record-key field: each record's key (that
// field) and hash (of its fields) are in the body, and are derived from it on a replay rather
// than saved a second time.
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import type { BitableMapping } from './mapping.js';
import type { OutboxItem } from './record-map.js';
import { fieldsHash, type BitableFields } from './source.js';

export function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** One batch_create: its entries, its token and the body it is sent with (and replayed with). */
export interface CreateBatch {
  items: OutboxItem[];
  token: string;
  records: { fields: BitableFields }[];
}

export function createBatches(items: OutboxItem[], size: number): CreateBatch[] {
  return chunk(items, size).map((part) => ({ items: part, token: randomUUID(), records: part.map((i) => ({ fields: i.fields as BitableFields })) }));
}

/** Save a batch before its call (what a replay after a crash sends). */
export async function saveBatch(pool: Pool, m: BitableMapping, tableId: string, b: CreateBatch): Promise<void> {
  await pool.query({
    name: 'bitable-save-batch',
    text: `INSERT INTO bitable_batches (client_token, mapping, table_id, ids, versions, key_field, records) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    values: [b.token, m.name, tableId, b.items.map((i) => i.id), b.items.map((i) => i.version), m.keyField, JSON.stringify(b.records)],
  });
}

/** Drop saved batches whose call will not happen or cannot have created anything. */
export async function dropBatches(pool: Pool, tokens: string[]): Promise<void> {
  if (tokens.length) await pool.query('DELETE FROM bitable_batches WHERE client_token = ANY($1::text[])', [tokens]);
}

export interface SavedBatch {
  token: string;
  tableId: string;
  items: OutboxItem[];
  records: { fields: BitableFields }[];
}

/**
 * A mapping's saved batches, oldest first. The entries' keys and hashes come from the body: the
 * hash of a record's fields parsed back from the saved JSON is the hash they were sent with
 * (the fields are plain JSON values, whose text survives the round trip unchanged).
 */
export async function savedBatches(pool: Pool, m: BitableMapping): Promise<SavedBatch[]> {
  const res = await pool.query<{ client_token: string; table_id: string; ids: number[]; versions: number[]; key_field: string; records: string }>(
    'SELECT client_token, table_id, ids, versions, key_field, records FROM bitable_batches WHERE mapping = $1 ORDER BY created_at, client_token',
    [m.name],
  );
  return res.rows.map((b) => {
    const records = JSON.parse(b.records) as { fields: BitableFields }[];
    // The key field the batch was written with (the mapping's keyField may have changed since).
    const items = records.map(({ fields }, n): OutboxItem => ({ id: Number(b.ids[n]), version: Number(b.versions[n]), key: String(fields[b.key_field]), attempts: 0, fields, hash: fieldsHash(fields) }));
    return { token: b.client_token, tableId: b.table_id, items, records };
  });
}
