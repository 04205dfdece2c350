// Bench group `douyin`: 100k orders from the emulator (its own process), PAGE_SIZE 200.
//   douyin_fetch_rate: orders/s fetching every page without writing (the emulator-bound rate),
//                      with the sync's slice concurrency (SLICE_CONCURRENCY, default 3)
//   douyin_sync_rate:  orders/s of the full sync into PostgreSQL (engine, checkpoints, upserts)
//   douyin_ratio:      sync / fetch (goal ≥ 0.8), both from this run
//   douyin_peak_rss:   peak RSS of the syncing process during the full sync (goal ≤ 250 MB)
//   douyin_peak_rss_short: the same for a window a third as long (should be about equal)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { configFrom } from '../src/config.js';
import { douyinLife } from '../src/connectors/douyin-life/index.js';
import { DouyinLifeClient } from '../src/connectors/douyin-life/client.js';
import { Engine } from '../src/engine/engine.js';
import type { ConnectorDeclaration } from '../src/engine/types.js';
import { daySlices } from '../src/engine/windows.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { benchDatabase, report, rssSampler } from './support.js';

const ORDERS = Number(process.env.BENCH_DOUYIN_ORDERS ?? 100_000);
const child = spawn(process.execPath, ['--import', 'tsx', new URL('./douyin-emulator-process.ts', import.meta.url).pathname, String(ORDERS), '30'], { stdio: ['ignore', 'pipe', 'inherit'] });
const info = await new Promise<{ baseUrl: string; clientKey: string; clientSecret: string; accounts: string[]; from: number; to: number }>((resolve) => {
  createInterface({ input: child.stdout }).once('line', (l) => resolve(JSON.parse(l)));
});

const db = await benchDatabase();
try {
  const config = configFrom({
    DATABASE_URL: db.url,
    DOUYIN_LIFE_CLIENT_KEY: info.clientKey,
    DOUYIN_LIFE_CLIENT_SECRET: info.clientSecret,
    DOUYIN_LIFE_ACCOUNT_ID: info.accounts.join(','),
    DOUYIN_LIFE_BASE_URL: info.baseUrl,
    PAGE_SIZE: 200,
    SANDBOX: 'off',
  });
  const window = { from: new Date(info.from * 1000), to: new Date(info.to * 1000) };
  const log = createLogger('error', { pretty: false });
  const ctx = { config, log, pool: db.pool, baseUrl: info.baseUrl };

  // 1. Fetch only: the same pages, with the same slice concurrency, nothing written.
  const client = new DouyinLifeClient(ctx, info.clientKey, info.clientSecret, config);
  const stream = douyinLife.streams[0]!;
  let fetched = 0;
  const t0 = performance.now();
  const pending = daySlices(window);
  const worker = async () => {
    for (let slice = pending.shift(); slice; slice = pending.shift()) {
      for (let page = 1; ; page++) {
        const res = await stream.fetchPage(client, { account: info.accounts[0]!, slice, page }, new AbortController().signal);
        fetched += res.records.length;
        if (!res.hasMore) break;
      }
    }
  };
  await Promise.all(Array.from({ length: config.SLICE_CONCURRENCY }, worker));
  const fetchRate = fetched / ((performance.now() - t0) / 1000);

  // 2. The full sync through the engine.
  const engine = await Engine.create({ config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url, connectors: [douyinLife as unknown as ConnectorDeclaration] });
  const rss = rssSampler();
  global.gc?.();
  rss.start();
  const t1 = performance.now();
  const [outcome] = await engine.runNow({ connector: 'douyin-life', window, kind: 'backfill', trigger: 'cli' });
  const syncSeconds = (performance.now() - t1) / 1000;
  const peak = rss.stop();
  if (outcome?.status !== 'succeeded') throw new Error(`sync ${outcome?.status}`);
  const rows = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM douyin_life_orders`)).rows[0]?.n ?? 0;
  if (rows !== fetched) throw new Error(`sync wrote ${rows} rows, emulator has ${fetched}`);
  const syncRate = rows / syncSeconds;

  // 3. A window a third as long, on a fresh table: memory should not depend on window length.
  await db.pool.query('TRUNCATE douyin_life_orders');
  const short = { from: new Date((info.to - 10 * 86400 + 1) * 1000), to: window.to };
  global.gc?.();
  const rssShort = rssSampler();
  rssShort.start();
  await engine.runNow({ connector: 'douyin-life', window: short, kind: 'backfill', trigger: 'cli' });
  const peakShort = rssShort.stop();
  await engine.stop(1000);

  report('douyin_fetch_rate', fetchRate, 'orders/s', 0);
  report('douyin_sync_rate', syncRate, 'orders/s', 0);
  report('douyin_ratio', syncRate / fetchRate, 'ratio');
  report('douyin_peak_rss', peak, 'MB', 0);
  report('douyin_peak_rss_short', peakShort, 'MB', 0);
} finally {
  child.kill('SIGTERM');
  await db.drop();
}
process.exit(0);
