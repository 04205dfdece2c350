// Commands that only read PostgreSQL open only what they use: no emulator starts, nothing is
// authorised, and the answer still names every connector with its mode.
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

  const tongbu = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/tongbu.js', ...args], {
        // Sandbox mode (no credentials), logs at info so an emulator start would show.
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'info', LOG_FORMAT: 'json', SANDBOX: 'auto', FEISHU_APP_ID: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (err += c));
      child.once('exit', (code) => resolve({ code, out, err }));
    });

  it('status, task and token status start no emulator', async () => {
    for (const args of [['status'], ['task', 'stop', 'douyin-life'], ['token', 'status']]) {
      const res = await tongbu(args);
      expect(res.code, res.err).toBe(0);
      expect(res.err + res.out).not.toMatch(/built-in emulator|authorised against the built-in emulator/);
    }
    const status = await tongbu(['status', '--json']);
    const report = JSON.parse(status.out) as { connectors: { name: string; mode: string; task: { state: string } }[] };
    expect(report.connectors.find((c) => c.name === 'douyin-life')).toMatchObject({ mode: 'sandbox', task: { state: 'STOPPED' } });
  }, 240_000);
});
