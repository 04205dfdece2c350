// Migrations: applied once each, in order, even when two replicas start at the same moment.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { listMigrations, migrate, pendingMigrations } from '../../src/db/migrate.js';
import { createPool, type Pool } from '../../src/db/pool.js';

describe('migrations', () => {
  const name = `${inject('runPrefix')}_empty_${randomBytes(3).toString('hex')}`;
  let pools: Pool[] = [];
  afterAll(async () => {
    for (const p of pools) await p.end();
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('two replicas migrating an empty database at once apply each migration exactly once', async () => {
    const admin = new pg.Client({ connectionString: inject('adminUrl') });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(inject('adminUrl'));
    u.pathname = `/${name}`;
    pools = [createPool(u.toString(), 2), createPool(u.toString(), 2)];
    const [a, b] = await Promise.all(pools.map((p) => migrate(p)));
    const all = (await listMigrations()).map((m) => m.name);
    expect([...(a ?? []), ...(b ?? [])].sort()).toEqual([...all].sort());
    const rows = await pools[0]!.query(`SELECT name FROM schema_migrations ORDER BY version`);
    expect(rows.rows.map((r) => r.name)).toEqual(all);
    expect(await pendingMigrations(pools[0]!)).toEqual([]);
    expect(await migrate(pools[1]!)).toEqual([]);
  });
});
