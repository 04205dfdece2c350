// Bench group `xiaoe` (小鹅通), the emulator in its own process answering each order page after
// BENCH_XIAOE_LATENCY_MS (25) ms:
//   history backfill: BENCH_XIAOE_ORDERS (300,000) orders created since 2025-01-01, page size 200,
//     7-day slices, SLICE_CONCURRENCY 3.
//     xiaoe_fetch_rate  orders/s fetching every page of the window, nothing written
//     xiaoe_sync_rate   orders/s of the full sync through the engine into PostgreSQL (upserts,
//                       state-change trigger, checkpoints, the welfare refresh after it)
//     xiaoe_ratio       sync / fetch (goal ≥ 0.8)
//     xiaoe_peak_rss    peak RSS of the syncing process during the sync (goal ≤ 250 MB)
//     xiaoe_welfare_refresh_duration  the part of the sync spent deciding the welfare of the history
//   hourly rescan: 20,000 orders over the last 15 days, synced once, then the rescan schedule's
//     window again with nothing changed on the platform:
//     xiaoe_rescan_api_calls, xiaoe_rescan_pages (equal), xiaoe_rescan_rows_written (0),
//     xiaoe_rescan_duration
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { configFrom } from '../src/config.js';
import { clientFor, ordersStream, xiaoe } from '../src/connectors/xiaoe/index.js';
import type { XiaoeSettings } from '../src/connectors/xiaoe/settings.js';
import { settingsOf } from '../src/engine/connector.js';
import { Engine } from '../src/engine/engine.js';
import type { SyncWindow } from '../src/engine/types.js';
import { slicesFor } from '../src/engine/windows.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { openTokenStore } from '../src/tokens/index.js';
import { benchDatabase, report, rssSampler } from './support.js';

const ORDERS = Number(process.env.BENCH_XIAOE_ORDERS ?? 300_000);
const LATENCY = Number(process.env.BENCH_XIAOE_LATENCY_MS ?? 25);
const DAY = 86_400;
const START = Date.UTC(2024, 11, 31, 16) / 1000; // 2025-01-01 00:00 Asia/Shanghai
const NOW = Math.floor(Date.now() / 3_600_000) * 3600;

interface Emulator {
  info: { baseUrl: string; appId: string; clientId: string; secretKey: string };
  ask(line: string): Promise<string>;
  stop(): void;
}

async function emulator(orders: number, from: number, to: number, clock: number): Promise<Emulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./xiaoe-emulator-process.ts', import.meta.url).pathname, String(orders), String(from), String(to), String(clock)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const info = JSON.parse((await lines.next()).value as string) as Emulator['info'];
  return {
    info,
    async ask(line) {
      child.stdin.write(`${line}\n`);
      return (await lines.next()).value as string;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}

const log = createLogger('error', { pretty: false });

async function setup(emu: Emulator) {
  const db = await benchDatabase();
  const config = configFrom({
    DATABASE_URL: db.url,
    TOKEN_ENCRYPTION_KEY: 'bench-key-0123456789-0123456789-0123',
    SANDBOX: 'off',
    XIAOE_APP_ID: emu.info.appId,
    XIAOE_CLIENT_ID: emu.info.clientId,
    XIAOE_SECRET_KEY: emu.info.secretKey,
    XIAOE_BASE_URL: emu.info.baseUrl,
  });
  const settings = settingsOf(xiaoe, config) as XiaoeSettings;
  const tokens = await openTokenStore({ config, log, pool: db.pool });
  const engine = await Engine.create({ config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url, connectors: [xiaoe], tokens });
  const client = clientFor({ config, settings, log, pool: db.pool, baseUrl: emu.info.baseUrl, tokens });
  const sync = async (window: SyncWindow) => {
    const [outcome] = await engine.runNow({ connector: 'xiaoe', window, kind: 'backfill', trigger: 'cli' });
    if (outcome?.status !== 'succeeded') throw new Error(`sync ${outcome?.status}: ${outcome && 'error' in outcome ? outcome.error?.message : ''}`);
    return outcome;
  };
  return { db, config, engine, client, sync };
}

// ── History backfill ──
{
  const emu = await emulator(ORDERS, START, NOW, NOW);
  const s = await setup(emu);
  try {
    await emu.ask(`latency ${LATENCY}`);
    const window = { from: new Date(START * 1000), to: new Date(NOW * 1000) };
    const fetchAll = async () => {
      let fetched = 0;
      const pending = slicesFor(window, ordersStream.slice);
      const worker = async () => {
        for (let slice = pending.shift(); slice; slice = pending.shift()) {
          for (let page = 1; ; page++) {
            const res = await ordersStream.fetchPage(s.client, { account: emu.info.appId, partition: { id: emu.info.appId }, slice, page }, new AbortController().signal);
            fetched += res.records.length;
            if (!res.hasMore) break;
          }
        }
      };
      await Promise.all(Array.from({ length: s.config.SLICE_CONCURRENCY }, worker));
      return fetched;
    };
    const t0 = performance.now();
    const fetched = await fetchAll();
    const fetchRate = fetched / ((performance.now() - t0) / 1000);

    global.gc?.();
    const rss = rssSampler();
    rss.start();
    const t1 = performance.now();
    await s.sync(window);
    const syncSeconds = (performance.now() - t1) / 1000;
    const peak = rss.stop();
    const rows = (await s.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM xiaoe_orders`)).rows[0]?.n ?? 0;
    // Each query reaches one second past its slice (docs/xiaoe.md), so an order created on a
    // slice's boundary second is fetched twice: fetched ≥ rows, and the rows are exact.
    if (rows !== ORDERS || fetched < rows) throw new Error(`sync wrote ${rows} rows, the emulator listed ${fetched} of ${ORDERS}`);
    const syncRate = rows / syncSeconds;
    report('xiaoe_history_orders', rows, 'orders', 0);
    report('xiaoe_fetch_rate', fetchRate, 'orders/s', 0);
    report('xiaoe_sync_rate', syncRate, 'orders/s', 0);
    report('xiaoe_ratio', syncRate / fetchRate, 'ratio');
    report('xiaoe_sync_duration', syncSeconds, 's', 1);
    // Of which the welfare refresh after the run (every order enters, the history decided at once).
    const welfare = await s.db.pool.query<{ s: number }>(
      `SELECT extract(epoch FROM finished_at - started_at)::float8 AS s FROM sync_runs WHERE run_key LIKE '%#welfare' ORDER BY id DESC LIMIT 1`,
    );
    report('xiaoe_welfare_refresh_duration', welfare.rows[0]?.s ?? -1, 's', 1);
    report('xiaoe_peak_rss', peak, 'MB', 0);
  } finally {
    await s.engine.stop(1000);
    emu.stop();
    await s.db.drop();
  }
}

// ── Hourly rescan of 15 days, nothing changed ──
{
  const to = NOW;
  const from = to - 15 * DAY;
  // The emulator's clock is 30 days on: every refund of these orders has settled, so nothing moves.
  const emu = await emulator(20_000, from, to, to + 30 * DAY);
  const s = await setup(emu);
  try {
    await emu.ask(`latency ${LATENCY}`);
    const rescan = xiaoe.schedules(settingsOf(xiaoe, s.config)).find((x) => x.name === 'rescan');
    if (!rescan) throw new Error('no rescan schedule');
    const window = rescan.window(new Date(to * 1000));
    await s.sync(window);
    const before = JSON.parse(await emu.ask('counts')) as { orderList: number };
    const t0 = performance.now();
    const run = await s.sync(window);
    const seconds = (performance.now() - t0) / 1000;
    const after = JSON.parse(await emu.ask('counts')) as { orderList: number };
    if (run.status !== 'succeeded') throw new Error('unreachable');
    const pages = (await s.db.pool.query<{ pages: number }>(`SELECT pages FROM sync_runs WHERE id = $1`, [run.run.id])).rows[0]?.pages ?? -1;
    const changes = (await s.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM xiaoe_order_state_changes`)).rows[0]?.n ?? -1;
    report('xiaoe_rescan_orders', run.counts.unchanged, 'orders', 0);
    report('xiaoe_rescan_api_calls', after.orderList - before.orderList, 'calls', 0);
    report('xiaoe_rescan_pages', pages, 'pages', 0);
    report('xiaoe_rescan_rows_written', run.counts.inserted + run.counts.updated + changes, 'rows', 0);
    report('xiaoe_rescan_duration', seconds, 's', 2);
  } finally {
    await s.engine.stop(1000);
    emu.stop();
    await s.db.drop();
  }
}
process.exit(0);
