// Commands that only read PostgreSQL open only what they use: no emulator starts, nothing is
// authorised, no job queue, no migration, and the answer still names every connector with its mode.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('light CLI commands', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const tongbu = (args: string[], databaseUrl = db.url) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/tongbu.js', ...args], {
        // Sandbox mode (no credentials), logs at info so an emulator start would show.
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'info', LOG_FORMAT: 'json', SANDBOX: 'auto', FEISHU_APP_ID: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      child.once('exit', (code) => resolve({ code, out, err }));
    });

  it('status, task, token status and welfare start no emulator', async () => {
    for (const args of [['status'], ['task', 'stop', 'douyin-life'], ['token', 'status'], ['welfare']]) {
      const res = await tongbu(args);
      expect(res.code, res.err).toBe(0);
      expect(res.err + res.out).not.toMatch(/built-in emulator|authorised against the built-in emulator/);
    }
    const status = await tongbu(['status', '--json']);
    const report = JSON.parse(status.out) as { connectors: { name: string; mode: string; task: { state: string } }[] };
    expect(report.connectors.find((c) => c.name === 'douyin-life')).toMatchObject({ mode: 'sandbox', task: { state: 'STOPPED' } });
    // The job queue never started: pg-boss creates its schema on its first start.
    const boss = await db.pool.query<{ s: string | null }>(`SELECT to_regnamespace('pgboss')::text AS s`);
    expect(boss.rows[0]?.s).toBeNull();
  }, 240_000);

  it('status, token status and welfare answer from a read-only database (a replica, a read-only role)', async () => {
    const fresh = await createTestDatabase();
    try {
      await fresh.pool.query(`ALTER DATABASE "${new URL(fresh.url).pathname.slice(1)}" SET default_transaction_read_only = on`);
      for (const args of [['status'], ['token', 'status'], ['welfare']]) {
        const res = await tongbu(args, fresh.url);
        expect(res.code, `${args.join(' ')}: ${res.err}`).toBe(0);
        expect(res.err).not.toMatch(/read-only transaction/);
      }
    } finally {
      await fresh.drop();
    }
  }, 240_000);

  it('refuse a database whose schema is behind instead of migrating it', async () => {
    // Forget the newest migration: to this code, it is pending.
    const last = await db.pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1');
    const newest = last.rows[0];
    expect(newest).toBeDefined();
    await db.pool.query('DELETE FROM schema_migrations WHERE version = $1', [newest?.version]);
    try {
      for (const args of [['status'], ['task', 'start', 'douyin-life'], ['token', 'status'], ['welfare']]) {
        const res = await tongbu(args);
        expect(res.code, res.out).toBe(1);
        expect(res.err).toContain('The database schema is older than this Tongbu');
        expect(res.err).toContain(newest?.name);
        expect(res.err).toContain('tongbu migrate');
      }
      // Nothing was applied behind the user's back.
      const again = await db.pool.query('SELECT 1 FROM schema_migrations WHERE version = $1', [newest?.version]);
      expect(again.rowCount).toBe(0);
    } finally {
      await db.pool.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2) ON CONFLICT DO NOTHING', [newest?.version, newest?.name]);
    }
  }, 240_000);
});
