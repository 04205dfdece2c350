// The service as a process: `tongbu serve` starts (sandbox mode), answers, and on SIGTERM
// stops taking jobs, checkpoints, closes the pool and exits 0.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('service process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('starts in sandbox mode, serves /readyz, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['bin/tongbu.js', 'serve'], {
      env: { ...process.env, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SANDBOX: 'auto', DOUYIN_LIFE_CLIENT_KEY: '', FEISHU_APP_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const address = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = out.match(/"address":"(http:\/\/[^"]+)".*Tongbu is listening/);
        if (m) {
          clearInterval(t);
          resolve(m[1] as string);
        }
      }, 50);
      child.once('exit', (code) => {
        clearInterval(t);
        reject(new Error(`exited early (${code}): ${out}`));
      });
    });
    expect(out).toMatch(/using the built-in emulator at http:\/\/127\.0\.0\.1:\d+ \(sandbox mode\)/);
    const ready = await fetch(`${address}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    // Never synced: the first scheduled run is queued at start. Stop the service while it runs.
    for (let i = 0; i < 300; i++) {
      const r = await db.pool.query(`SELECT 1 FROM sync_runs WHERE status = 'running' AND pages > 0`);
      if (r.rowCount) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(out).toMatch(/shutting down/);
    // Nothing is left "running": each run finished its page in flight, checkpointed and stopped.
    const runs = await db.pool.query(`SELECT status, pages FROM sync_runs`);
    expect(runs.rowCount).toBeGreaterThan(0);
    expect(runs.rows.filter((r) => r.status === 'running')).toEqual([]);
    const cps = await db.pool.query(`SELECT count(*)::int AS n FROM sync_checkpoints`);
    expect(cps.rows[0].n).toBeGreaterThan(0);
  });

  it('refuses to start with a bad setting, naming it', async () => {
    const child = spawn(process.execPath, ['bin/tongbu.js', 'serve'], {
      env: { ...process.env, DATABASE_URL: db.url, PORT: 'http', START_DATE: '2026-02-11', END_DATE: '2026-02-01' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/PORT="http": must be a whole number/);
  });

  it('says what to do when PostgreSQL cannot be reached, without printing the password', async () => {
    const child = spawn(process.execPath, ['bin/tongbu.js', 'status'], {
      env: { ...process.env, DATABASE_URL: 'postgres://tongbu:hunter2@127.0.0.1:1/tongbu' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/PostgreSQL cannot be reached: postgres:\/\/tongbu:\*\*\*@127\.0\.0\.1:1\/tongbu/);
    expect(err).toMatch(/Check DATABASE_URL and that the server is running/);
    expect(err).not.toContain('hunter2');
  });
});
