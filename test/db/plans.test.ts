// Statements first run while a table was empty keep working like lookups once it is large:
// the pool plans named statements for their values at each execution (plan_cache_mode), so a
// Bitable outbox that fills behind a backfill is not read whole on every dequeue, and snapshot
// writes are planned each time. Checked with the table's sequential-scan counter for the
// transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoolClient } from '../../src/db/pool.js';
import { writeSnapshots } from '../../src/engine/loader.js';
import { removeDone } from '../../src/mirror/record-map.js';
import { createTestDatabase, onOwnConnection, type TestDatabase } from '../helpers/db.js';
import { spendSnapshots, spendSnapshotsTable } from '../helpers/targets.js';

/** Sequential scans of `table` in the client's current transaction so far. */
const seqScans = async (c: PoolClient, table: string) =>
  (await c.query<{ n: number }>(`SELECT seq_scan::int AS n FROM pg_stat_xact_user_tables WHERE relname = $1`, [table])).rows[0]?.n ?? 0;

describe('statements once their table has grown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('the outbox dequeue looks entries up by id after its first calls found the outbox empty', async () => {
    await onOwnConnection(db.url, async (c) => {
      const item = (id: number) => ({ id, version: 1, key: `k${id}`, attempts: 0 });
      // More than five calls: enough for PostgreSQL to settle on a generic plan if it may.
      for (let i = 0; i < 8; i++) await removeDone(c, [item(1), item(2), item(3)]);
      await db.pool.query(`INSERT INTO bitable_outbox (mapping, record_key, keys) SELECT 'm', g::text, '{}'::jsonb FROM generate_series(1, 50000) g`);
      const ids = (await db.pool.query<{ id: string }>(`SELECT id FROM bitable_outbox ORDER BY id LIMIT 3`)).rows.map((r) => Number(r.id));
      await c.query('BEGIN');
      const before = await seqScans(c, 'bitable_outbox');
      await removeDone(c, ids.map(item));
      expect((await seqScans(c, 'bitable_outbox')) - before).toBe(0);
      await c.query('COMMIT');
      const left = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bitable_outbox`);
      expect(left.rows[0]?.n).toBe(49_997);
    });
  });

  it('a snapshot write looks rows up by key after its first writes found the table empty', async () => {
    await db.pool.query(spendSnapshotsTable('snap_grow'));
    const t = spendSnapshots('snap_grow');
    await onOwnConnection(db.url, async (c) => {
      const page = (h: number) => ['a', 'b', 'c'].map((id) => ({ id, bucket: new Date(Date.UTC(2026, 1, 1, h)), spend: `${h}.00` }));
      for (let h = 0; h < 8; h++) await writeSnapshots(c, t, page(h));
      await db.pool.query(`INSERT INTO snap_grow SELECT 'e' || (g % 500), timestamptz '2025-01-01' + g * interval '1 minute', g FROM generate_series(1, 50000) g`);
      await c.query('BEGIN');
      const before = await seqScans(c, 'snap_grow');
      expect(await writeSnapshots(c, t, page(9))).toEqual({ inserted: 3, updated: 0, unchanged: 0, deleted: 0 });
      expect((await seqScans(c, 'snap_grow')) - before).toBe(0);
      await c.query('COMMIT');
    });
  });
});
