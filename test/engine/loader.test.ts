// The upsert loader on its own: counts, unchanged rows left alone, the last of two rows with one
// key wins, values plain JSON cannot carry (bigint) still arrive, and a batch of new keys goes
// straight into the table, also when another transaction adds one of its keys meanwhile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertRows } from '../../src/engine/loader.js';
import type { ColumnSpec, TableChange, WriteHook } from '../../src/engine/types.js';
import { createTestDatabase, onOwnConnection, type TestDatabase } from '../helpers/db.js';

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
  const upsert = async (batch: Record<string, unknown>[], hook?: WriteHook) => {
    const c = await db.pool.connect();
    try {
      return await upsertRows(c, target, batch, hook);
    } finally {
      c.release();
    }
  };
  /** Upserts on a connection of its own and says whether that connection ever made the staging table. */
  const upsertAlone = (batch: Record<string, unknown>[], hook?: WriteHook) =>
    onOwnConnection(db.url, async (c) => {
      const counts = await upsertRows(c, target, batch, hook);
      const staged = (await c.query<{ t: string | null }>(`SELECT to_regclass('pg_temp.tongbu_stage_loader_probe')::text AS t`)).rows[0]?.t !== null;
      return { counts, staged };
    });
  const row = (id: string, v: number) => ({ id, amount: `${v}.00`, big: v, raw_data: { v } });

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

  it('copies a batch of keys the table does not hold straight into it, without a staging table, and tells the hook', async () => {
    const changes: TableChange[] = [];
    const hook: WriteHook = { afterWrite: async (_c, change) => void changes.push(change) };
    expect(await upsertAlone([row('a', 1), row('b', 2)], hook)).toEqual({ counts: { inserted: 2, updated: 0, unchanged: 0, deleted: 0 }, staged: false });
    expect(changes).toEqual([{ table: 'loader_probe', keys: [{ id: 'a' }, { id: 'b' }] }]);
    // One stored key among new ones: the staged way, which leaves the stored row alone.
    expect(await upsertAlone([row('a', 1), row('c', 3)])).toEqual({ counts: { inserted: 1, updated: 0, unchanged: 1, deleted: 0 }, staged: true });
    expect(await rows()).toEqual([
      { id: 'a', amount: '1.00', big: '1', raw_data: { v: 1 } },
      { id: 'b', amount: '2.00', big: '2', raw_data: { v: 2 } },
      { id: 'c', amount: '3.00', big: '3', raw_data: { v: 3 } },
    ]);
  });

  it('stages a batch whose key another transaction added after the probe, and writes every row once', async () => {
    // The other transaction holds 'b' uncommitted: the probe cannot see it, the straight COPY
    // waits on it, and fails when it commits. The batch then goes the staged way.
    await onOwnConnection(db.url, async (other) => {
      await other.query('BEGIN');
      await other.query(`INSERT INTO loader_probe (id, amount, big, raw_data) VALUES ('b', 7.00, 7, '{"v":7}')`);
      const pending = upsertAlone([row('a', 1), row('b', 2), row('c', 3)]);
      // Wait until the loader's COPY is blocked on the other transaction's 'b'.
      for (let i = 0; ; i++) {
        const waiting = await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%COPY "loader_probe"%'`);
        if (waiting.rowCount) break;
        if (i > 500) throw new Error('the loader never waited on the other transaction');
        await new Promise((r) => setTimeout(r, 10));
      }
      await other.query('COMMIT');
      expect(await pending).toEqual({ counts: { inserted: 2, updated: 1, unchanged: 0, deleted: 0 }, staged: true });
    });
    expect(await rows()).toEqual([
      { id: 'a', amount: '1.00', big: '1', raw_data: { v: 1 } },
      { id: 'b', amount: '2.00', big: '2', raw_data: { v: 2 } },
      { id: 'c', amount: '3.00', big: '3', raw_data: { v: 3 } },
    ]);
    // The rolled-back COPY left no row behind: 'a' went in once, by the staged insert.
    const live = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM loader_probe`);
    expect(live.rows[0]?.n).toBe(3);
  });
});
