// The base's lock is a session lock: a cut connection releases it without a word, so a writer
// must be able to tell it no longer holds it before it sends a batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_LOCK_NS, tryLockBase } from '../../src/mirror/base-lock.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('base lock', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('knows it lost the lock when its connection is terminated, and another holder can take it', async () => {
    const lock = await tryLockBase(db.pool, 'bascnLockTest');
    expect(lock).toBeDefined();
    expect(await lock?.held()).toBe(true);
    expect(await tryLockBase(db.pool, 'bascnLockTest')).toBeUndefined();
    // Another base's lock is its own.
    const other = await tryLockBase(db.pool, 'bascnOtherBase');
    expect(await other?.held()).toBe(true);
    await other?.release();

    const holder = await db.pool.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND objid = hashtext('bascnLockTest')::oid AND granted`,
      [BASE_LOCK_NS],
    );
    expect(holder.rows).toHaveLength(1);
    await db.pool.query('SELECT pg_terminate_backend($1)', [holder.rows[0]?.pid]);

    expect(await lock?.held()).toBe(false);
    // The server frees the lock when the terminated backend has exited, a moment after the
    // client sees its connection gone; a new holder takes it from then on.
    const lockFreed = async () =>
      (await db.pool.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::int::oid AND objid = hashtext('bascnLockTest')::oid`, [BASE_LOCK_NS])).rowCount === 0;
    for (let i = 0; i < 100 && !(await lockFreed()); i++) await new Promise((r) => setTimeout(r, 20));
    const next = await tryLockBase(db.pool, 'bascnLockTest');
    expect(await next?.held()).toBe(true);
    await lock?.release(); // a no-op on a dead connection, and it does not throw
    expect(await next?.held()).toBe(true);
    await next?.release();
    expect(await tryLockBase(db.pool, 'bascnLockTest').then(async (l) => (await l?.release(), !!l))).toBe(true);
  });
});
