// The upsert loader on its own: counts, unchanged rows left alone, the last of two rows with one
// key wins, and values plain JSON cannot carry (bigint) still arrive.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertRows } from '../../src/engine/loader.js';
import type { ColumnSpec } from '../../src/engine/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const columns: ColumnSpec[] = [
  { name: 'id', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'big', type: 'bigint' },
  { name: 'raw_data', type: 'jsonb' },
];
const target = { table: 'loader_probe', primaryKey: ['id'], columns };

describe('upsert loader', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(`CREATE TABLE loader_probe (id text PRIMARY KEY, amount numeric(14,2), big bigint, raw_data jsonb NOT NULL, synced_at timestamptz NOT NULL DEFAULT now())`);
  });
  afterAll(() => db.drop());
  beforeEach(() => db.pool.query('TRUNCATE loader_probe'));

  const rows = async () => (await db.pool.query(`SELECT id, amount::text, big::text, raw_data FROM loader_probe ORDER BY id`)).rows;
  const upsert = async (batch: Record<string, unknown>[]) => {
    const c = await db.pool.connect();
    try {
      return await upsertRows(c, target, batch);
    } finally {
      c.release();
    }
  };

  it('counts inserted, updated and unchanged rows, and rewrites only the changed one', async () => {
    expect(await upsert([{ id: 'a', amount: '1.00', big: 1, raw_data: { v: 1 } }, { id: 'b', amount: '2.00', big: 2, raw_data: { v: 2 } }])).toEqual({ inserted: 2, updated: 0, unchanged: 0, deleted: 0 });
    const before = (await db.pool.query<{ id: string; xmin: string }>(`SELECT id, xmin::text FROM loader_probe ORDER BY id`)).rows;
    expect(await upsert([{ id: 'a', amount: '1.00', big: 1, raw_data: { v: 1 } }, { id: 'b', amount: '2.50', big: 2, raw_data: { v: 2 } }])).toEqual({ inserted: 0, updated: 1, unchanged: 1, deleted: 0 });
    const after = (await db.pool.query<{ id: string; xmin: string }>(`SELECT id, xmin::text FROM loader_probe ORDER BY id`)).rows;
    expect(after[0]?.xmin).toBe(before[0]?.xmin); // 'a' untouched
    expect(after[1]?.xmin).not.toBe(before[1]?.xmin);
    expect(await rows()).toEqual([
      { id: 'a', amount: '1.00', big: '1', raw_data: { v: 1 } },
      { id: 'b', amount: '2.50', big: '2', raw_data: { v: 2 } },
    ]);
  });

  it('keeps the later of two rows with the same key in one batch', async () => {
    expect(await upsert([{ id: 'a', amount: '1.00', big: 1, raw_data: { v: 1 } }, { id: 'a', amount: '9.00', big: 9, raw_data: { v: 9 } }])).toEqual({ inserted: 1, updated: 0, unchanged: 0, deleted: 0 });
    expect(await rows()).toEqual([{ id: 'a', amount: '9.00', big: '9', raw_data: { v: 9 } }]);
  });

  it('writes bigint values exactly (beyond 2^53)', async () => {
    await upsert([{ id: 'a', amount: null, big: 9007199254740993n, raw_data: { id: 'a' } }]);
    expect(await rows()).toEqual([{ id: 'a', amount: null, big: '9007199254740993', raw_data: { id: 'a' } }]);
  });
});
