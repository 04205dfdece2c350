// Sandbox mode with no credentials: DOU+ and 巨量本地推 each start their emulator, share the one
// 巨量引擎 sandbox grant the service authorises at start, and a 5-minute cycle writes orders,
// snapshots and the ranking; the HTTP query API answers through the app.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { configFrom } from '../../../src/config.js';
import { douplus } from '../../../src/connectors/index.js';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { createLogger } from '../../../src/logger.js';
import { openServices } from '../../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

describe('DOU+ in sandbox mode (no credentials)', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-douplus-sbx-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('authorises itself against its own emulator beside 本地推, runs a cycle for every 抖音号, and serves the query API', async () => {
    const { services, close } = await openServices(
      configFrom({ DATABASE_URL: db.url, DATA_DIR: dataDir, SANDBOX: 'auto', ADMIN_TOKEN: 'admin-0123456789', API_READ_TOKENS: 'bi-token' }),
      createLogger('silent', { pretty: false }),
      { connectors: [oceanengineLocal, douplus] },
    );
    try {
      const rt = services.engine!.runtime('douplus');
      expect(rt.mode).toBe('sandbox');
      expect((await db.pool.query(`SELECT platform, account FROM platform_tokens ORDER BY platform`)).rows).toEqual([
        { platform: 'douplus', account: 'default' },
        { platform: 'oceanengine', account: 'default' },
      ]);
      const now = new Date();
      const orders = await services.engine!.runNow({ connector: 'DOU+', window: { from: new Date(now.getTime() - 7 * 86_400_000), to: now }, kind: 'backfill', trigger: 'cli', streams: ['orders'] });
      expect(orders.map((o) => o.status)).toEqual(rt.accounts.map(() => 'succeeded'));
      const bucket = new Date(Math.floor(now.getTime() / 300_000) * 300_000);
      const stats = await services.engine!.runNow({ connector: '抖加', window: { from: bucket, to: new Date(bucket.getTime() + 299_000) }, kind: 'schedule', trigger: 'schedule', streams: ['order_stats'] });
      expect(stats.map((o) => o.status)).toEqual(rt.accounts.map(() => 'succeeded'));
      const counts = (await db.pool.query(`SELECT (SELECT count(*) FROM douplus_orders)::int AS orders, (SELECT count(*) FROM douplus_order_stats)::int AS snaps, (SELECT count(*) FROM douplus_video_ranking)::int AS ranking`)).rows[0];
      expect(counts.orders).toBeGreaterThan(50);
      expect(counts.snaps).toBeGreaterThan(10);
      expect(counts.ranking).toBeGreaterThan(0);

      const app = await buildApp(services);
      try {
        const res = await app.inject({ url: '/api/douplus/videos?period=all', headers: { authorization: 'Bearer bi-token' } });
        expect(res.statusCode).toBe(200);
        expect((res.json() as { videos: unknown[] }).videos.length).toBeGreaterThan(0);
        expect((await app.inject({ url: '/api/douplus/orders?sort=cost', headers: { authorization: 'Bearer admin-0123456789' } })).statusCode).toBe(200);
        // A read token opens the query routes only, not the admin API.
        expect((await app.inject({ url: '/api/status', headers: { authorization: 'Bearer bi-token' } })).statusCode).toBe(401);
      } finally {
        await app.close();
      }
    } finally {
      await close();
    }
  });
});
