// Statements prepared while a table was empty keep working like lookups once it is large: the
// pool plans named statements for their values at each execution (plan_cache_mode), so a
// Bitable outbox that fills behind a backfill is not read whole on every dequeue. Checked with
// the table's sequential-scan counter for the transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDone } from '../../src/mirror/record-map.js';
import { createTestDatabase, onOwnConnection, type TestDatabase } from '../helpers/db.js';

describe('named statements once their table has grown', () => {
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
      const seqScans = async () => (await c.query<{ n: number }>(`SELECT seq_scan::int AS n FROM pg_stat_xact_user_tables WHERE relname = 'bitable_outbox'`)).rows[0]?.n ?? 0;
      await c.query('BEGIN');
      const before = await seqScans();
      await removeDone(c, ids.map(item));
      expect((await seqScans()) - before).toBe(0);
      await c.query('COMMIT');
      const left = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM bitable_outbox`);
      expect(left.rows[0]?.n).toBe(49_997);
    });
  });
});
