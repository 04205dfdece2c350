// Chaos: a backfill requested over HTTP from the running service (a child process), against the
// 抖音来客 emulator with small pages. At a random page the service's database connections are
// terminated (pg_terminate_backend); at a later random page the service is killed with SIGKILL
// and started again. Each time the run finishes by itself, with exactly the rows an
// uninterrupted run writes, and the backfill never moves the scheduled cursor. Five seeds.
// Prints two figures: seconds from the database's return to the run moving again, and from the
// restart to the resumed run finishing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDouyinLifeEmulator, type DouyinLifeEmulator } from '../src/sandbox/douyin-life/emulator.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { DAY, FEB1, expectedOrders, ordersInDb } from './helpers/douyin.js';
import { CRASH_PATTERN, random, startService, terminateServiceConnections, until as untilOr, type ServiceProcess } from './helpers/service-process.js';

const ADMIN = 'chaos-admin-token';
const RANGE = '2026-02-01..2026-02-04';

describe('chaos: runs survive lost database connections and SIGKILL', () => {
  let db: TestDatabase;
  let emu: DouyinLifeEmulator;
  const figures = { dbReturnToMoving: [] as number[], restartToFinished: [] as number[] };

  beforeAll(async () => {
    db = await createTestDatabase();
    emu = createDouyinLifeEmulator({ orders: 320, from: FEB1, to: FEB1 + 4 * DAY - 1, seed: 7, faults: { latencyMs: 15 } });
    await emu.listen();
  });
  afterAll(async () => {
    console.log(`chaos: seconds from the database's return to the run moving again: ${figures.dbReturnToMoving.map((s) => s.toFixed(1)).join(', ')}`);
    console.log(`chaos: seconds from restart to the resumed run finishing: ${figures.restartToFinished.map((s) => s.toFixed(1)).join(', ')}`);
    await emu?.close();
    await db?.drop();
  });

  function start(): ServiceProcess {
    return startService({
      DATABASE_URL: db.url,
      SANDBOX: 'off',
      ADMIN_TOKEN: ADMIN,
      DOUYIN_LIFE_CLIENT_KEY: emu.clientKey,
      DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret,
      DOUYIN_LIFE_ACCOUNT_ID: emu.accounts.join(','),
      DOUYIN_LIFE_BASE_URL: emu.baseUrl,
      DOUYIN_LIFE_PAGE_SIZE: '5',
      // Far from now: the scheduled first run finds no orders in it, so only the backfill writes.
      DOUYIN_LIFE_START_DATE: '2025-06-01',
      DOUYIN_LIFE_END_DATE: '2025-06-01',
      SLICE_CONCURRENCY: '2',
      RUN_RETRY_DELAY_SECONDS: '1',
      RUN_LIVENESS_CHECK_SECONDS: '2',
      SYNC_RETRY_BASE_MS: '50',
      FEISHU_APP_ID: '',
    });
  }

  // On a timeout the message carries what the service logged last and the queue's view of the run.
  let diagnose: () => Promise<string> = async () => '';
  const run = async (key: string) => (await db.pool.query<{ status: string; pages: number; interruptions: number; error_code: string | null }>(`SELECT status, pages, interruptions, error_code FROM sync_runs WHERE run_key = $1`, [key])).rows[0];
  const until = <T>(what: string, fn: () => Promise<T | undefined | false>) => untilOr(what, fn, diagnose);

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: terminated connections, then SIGKILL; the run finishes by itself with exact rows`, async () => {
      await db.pool.query(`TRUNCATE douyin_life_orders, sync_checkpoints, sync_runs, sync_cursors CASCADE`);
      await db.pool.query(`DELETE FROM pgboss.job`).catch(() => undefined);
      const rnd = random(seed);
      let svc = start();
      diagnose = async () => {
        const runs = (await db.pool.query(`SELECT id, status, pages, interruptions, error_code, error_message FROM sync_runs`)).rows;
        const jobs = (await db.pool.query(`SELECT state, retry_count, start_after, singleton_key FROM pgboss.job WHERE name = 'tongbu-sync'`)).rows;
        return `runs: ${JSON.stringify(runs)}\njobs: ${JSON.stringify(jobs)}\nservice log (last lines):\n${svc.tail()}`;
      };
      const address = await svc.address;
      const res = await fetch(`${address}/api/sync`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ connector: 'douyin-life', range: RANGE }),
      });
      expect(res.status).toBe(202);
      const key = ((await res.json()) as { runKeys: string[] }).runKeys[0] as string;

      // (i) The service's database connections are cut at a random page; the service stays up.
      const p1 = 3 + Math.floor(rnd() * 15);
      await until('the first fault page', async () => ((await run(key))?.pages ?? 0) >= p1);
      await terminateServiceConnections(db.pool);
      const back = Date.now();
      const pagesAtCut = (await run(key))?.pages ?? 0;
      await until('the run moving again', async () => {
        const r = await run(key);
        return r && r.status === 'running' && r.pages > pagesAtCut + 1;
      });
      figures.dbReturnToMoving.push((Date.now() - back) / 1000);
      expect(svc.child.exitCode).toBeNull();
      expect(svc.output()).not.toMatch(CRASH_PATTERN);

      // (ii) SIGKILL at a later random page, then the same service started again.
      const p2 = pagesAtCut + 4 + Math.floor(rnd() * 10);
      await until('the second fault page', async () => ((await run(key))?.pages ?? 0) >= p2);
      await svc.kill();
      expect((await run(key))?.status).toBe('running'); // as the dead process left it
      const restart = Date.now();
      svc = start();
      await svc.address;
      const done = await until('the resumed run to finish', async () => {
        const r = await run(key);
        return r?.status === 'succeeded' ? r : undefined;
      });
      figures.restartToFinished.push((Date.now() - restart) / 1000);
      expect(done.interruptions).toBeGreaterThanOrEqual(1);

      // Exactly the rows an uninterrupted run writes, and the scheduled cursor untouched.
      expect(await ordersInDb({ db } as never)).toEqual(expectedOrders(emu, FEB1, FEB1 + 4 * DAY - 1));
      const cursors = (await db.pool.query<{ synced_to: Date }>(`SELECT synced_to FROM sync_cursors`)).rows;
      expect(cursors.every((c) => c.synced_to.getTime() < FEB1 * 1000)).toBe(true);
      expect(svc.output()).not.toMatch(CRASH_PATTERN);
      await svc.stop();
    }, 180_000);
  }
});
