// Batching, and batches that survive a crash. Records go in batches of ≤ 500 (the platform
// allows 1,000 for create/update and 500 for delete; one size is simpler and safe). Each
// batch_create is saved in bitable_batches with its client_token and exact body BEFORE its
// call; the save of its outcome drops it (record-map.ts). After a crash in between, the next
// pass replays the saved batch with the same token and body, and Bitable answers with the
// records it already made instead of adding them again.
import { randomUUID } from 'node:crypto';
import type { Pool } from '../db/pool.js';
import type { OutboxItem } from './record-map.js';
import type { BitableFields } from './source.js';

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
export async function saveBatch(pool: Pool, mapping: string, tableId: string, b: CreateBatch): Promise<void> {
  await pool.query({
    name: 'bitable-save-batch',
    text: `INSERT INTO bitable_batches (client_token, mapping, table_id, items, records) VALUES ($1, $2, $3, $4, $5)`,
    values: [b.token, mapping, tableId, JSON.stringify(b.items.map(({ id, version, key, hash }) => ({ id, version, key, hash }))), JSON.stringify(b.records)],
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

/** A mapping's saved batches, oldest first. */
export async function savedBatches(pool: Pool, mapping: string): Promise<SavedBatch[]> {
  const res = await pool.query<{ client_token: string; table_id: string; items: OutboxItem[]; records: string }>(
    'SELECT client_token, table_id, items, records FROM bitable_batches WHERE mapping = $1 ORDER BY created_at, client_token',
    [mapping],
  );
  return res.rows.map((b) => ({ token: b.client_token, tableId: b.table_id, items: b.items, records: JSON.parse(b.records) as { fields: BitableFields }[] }));
}
