// `tongbu sync`, `tongbu status --json` and `tongbu task` as a person runs them: a child
// process with the settings in its environment, against the 抖音来客 emulator over HTTP.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDouyinLifeEmulator, type DouyinLifeEmulator } from '../../src/sandbox/douyin-life/emulator.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { DAY, FEB1 } from '../helpers/douyin.js';

function tongbu(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/tongbu.js', ...args], { env: { ...process.env, ...env, LOG_LEVEL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

describe('tongbu CLI: sync, status, task', () => {
  let db: TestDatabase;
  let emu: DouyinLifeEmulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    emu = createDouyinLifeEmulator({ orders: 120, from: FEB1, to: FEB1 + 3 * DAY - 1, seed: 5 });
    await emu.listen();
    env = {
      DATABASE_URL: db.url,
      APPID: emu.clientKey, // the old script's names work too
      AppSecret: emu.clientSecret,
      ACCOUNT_ID: emu.accounts.join(','),
      DOUYIN_LIFE_BASE_URL: emu.baseUrl,
      SANDBOX: 'off',
      PAGE_SIZE: '25',
    };
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
  });

  it('sync --from --to backfills and prints the counts; a second run inserts nothing', async () => {
    const first = await tongbu(['sync', 'douyin-life', '--from', '2026-02-01', '--to', '2026-02-03'], env);
    expect(first.err).not.toMatch(/Error/);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/succeeded — 120 inserted, 0 updated, 0 unchanged/);
    const second = await tongbu(['sync', 'douyin', '--from', '2026-02-01', '--to', '2026-02-03', '--json'], env);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out.trim())).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 120 });
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM douyin_life_orders`)).rows[0].n).toBe(120);
  });

  it('status --json shows the last run and the task; task stop|start changes it', async () => {
    const status = await tongbu(['status', '--json'], env);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.out);
    const douyin = report.connectors.find((c: { name: string }) => c.name === 'douyin-life');
    expect(douyin).toMatchObject({ mode: 'live', task: { state: 'RUNNING' }, lastRun: { status: 'succeeded', unchanged: 120 } });
    expect(douyin.nextRunAt).toBeTruthy();

    const stop = await tongbu(['task', 'stop', 'douyin-life'], env);
    expect(stop.out).toBe('task douyin-life is STOPPED\n');
    const refused = await tongbu(['sync', 'douyin-life', '--from', '2026-02-01'], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/The task douyin-life is STOPPED/);
    expect(refused.err).toMatch(/tongbu task start/);
    expect((await tongbu(['task', 'start', 'douyin-life'], env)).out).toBe('task douyin-life is RUNNING\n');
  });

  it('failures exit non-zero with the message and what to do', async () => {
    const reversed = await tongbu(['sync', 'douyin-life', '--from', '2026-02-03', '--to', '2026-02-01'], env);
    expect(reversed.code).toBe(1);
    expect(reversed.err).toMatch(/The sync window is invalid: 2026-02-03\.\.2026-02-01: the start is after the end/);
    const unknown = await tongbu(['sync', 'taobao'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/There is no connector called "taobao"/);
    emu.faults.malformedPage = 2;
    const broken = await tongbu(['sync', 'douyin-life', '--from', '2026-01-31', '--to', '2026-02-01'], { ...env, SLICE_CONCURRENCY: '1' });
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/failed/);
    expect(broken.err).toMatch(/The platform sent a response we cannot read/);
    const task = await tongbu(['task', 'pause', 'x'], env);
    expect(task.code).toBe(2);
    expect(task.err).toMatch(/Usage: tongbu task stop\|start <name>/);
  });
});
