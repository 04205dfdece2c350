// Bench group `douyin`: 100k orders over 30 days from the emulator (its own process), PAGE_SIZE
// 200, SLICE_CONCURRENCY 3. For each emulator answer time L (BENCH_DOUYIN_LATENCIES, default
// 0,10,25,50 ms per page) it measures, in the same run:
//   fetch rate: orders/s fetching every page without writing (the emulator-bound rate), with
//               the sync's slice concurrency;
//   sync rate:  orders/s of the full sync into PostgreSQL (engine, checkpoints, upserts), on an
//               empty table;
//   ratio:      sync / fetch (goal ≥ 0.8).
// Printed as douyin_fetch_rate / douyin_sync_rate / douyin_ratio for L = 0 (the emulator
// answering instantly) and douyin_<figure>_<L>ms for the others. At L = 0 nothing waits on the
// network: fetching alone keeps the CPU busy (emulator + client), so the ratio there is the
// share of CPU the writes add, not how well fetching and writing overlap. The CPU figures
// (µs of CPU per order: syncing process, emulator, PostgreSQL; from /proc, Linux only) show it.
// douyin_cpu_sync_postgres counts the backends connected to the bench's database;
// douyin_cpu_sync_postgres_background the server's WAL writer, checkpointer and background writer
// (shared by every database on the server); douyin_cpu_sync_postgres_machine every postgres
// process on the machine (other clients of a shared server included).
//   douyin_peak_rss:       peak RSS of the syncing process during the L = 0 sync (goal ≤ 250 MB)
//   douyin_peak_rss_short: the same for a window a third as long (should be about equal)
//   douyin_resync_rate, douyin_cpu_resync_process, douyin_cpu_resync_postgres: the L = 0 window
//                          synced again with nothing changed (every row found, none written)
import { settingsOf } from '../src/engine/connector.js';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { configFrom } from '../src/config.js';
import { douyinLife } from '../src/connectors/douyin-life/index.js';
import { DouyinLifeClient } from '../src/connectors/douyin-life/client.js';
import { Engine } from '../src/engine/engine.js';
import type { SyncWindow } from '../src/engine/types.js';
import { daySlices } from '../src/engine/windows.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { benchDatabase, cpuSeconds, ownPostgresCpu, postgresCpuSeconds, report, rssSampler } from './support.js';

const ORDERS = Number(process.env.BENCH_DOUYIN_ORDERS ?? 100_000);
const LATENCIES = (process.env.BENCH_DOUYIN_LATENCIES ?? '0,10,25,50').split(',').map(Number);

const child = spawn(process.execPath, ['--import', 'tsx', new URL('./douyin-emulator-process.ts', import.meta.url).pathname, String(ORDERS), '30'], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const info = JSON.parse((await lines.next()).value as string) as { baseUrl: string; clientKey: string; clientSecret: string; accounts: string[]; from: number; to: number };
async function setLatency(ms: number) {
  child.stdin.write(`latency ${ms}\n`);
  await lines.next();
}

const cpuSnapshot = () => ({ node: cpuSeconds(process.pid), emulator: cpuSeconds(child.pid as number), postgres: postgresCpuSeconds() });
const cpuPerOrder = (a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>, orders: number) =>
  a.node === undefined || b.node === undefined
    ? undefined
    : {
        node: ((b.node - a.node) / orders) * 1e6,
        emulator: (((b.emulator ?? 0) - (a.emulator ?? 0)) / orders) * 1e6,
        postgres: ((b.postgres - a.postgres) / orders) * 1e6,
      };

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
  const window: SyncWindow = { from: new Date(info.from * 1000), to: new Date(info.to * 1000) };
  const log = createLogger('error', { pretty: false });
  const settings = settingsOf(douyinLife, config);
  const ctx = { config, settings, log, pool: db.pool, baseUrl: info.baseUrl };
  const client = new DouyinLifeClient(ctx, info.clientKey, info.clientSecret, settings);
  const stream = douyinLife.streams[0]!;
  const engine = await Engine.create({ config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url, connectors: [douyinLife] });
  const fresh = () => db.pool.query('TRUNCATE douyin_life_orders, sync_checkpoints, sync_runs CASCADE');

  /** Every page of the window, the sync's slice concurrency, nothing written. */
  async function fetchAll(): Promise<number> {
    let fetched = 0;
    const pending = daySlices(window);
    const worker = async () => {
      for (let slice = pending.shift(); slice; slice = pending.shift()) {
        for (let page = 1; ; page++) {
          const res = await stream.fetchPage(client, { account: info.accounts[0]!, partition: { id: info.accounts[0]! }, slice, page }, new AbortController().signal);
          fetched += res.records.length;
          if (!res.hasMore) break;
        }
      }
    };
    await Promise.all(Array.from({ length: config.SLICE_CONCURRENCY }, worker));
    return fetched;
  }

  /** The orders the sync wrote (its run's counts); the table is counted after the clocks stop. */
  async function syncAll(w: SyncWindow): Promise<number> {
    const [outcome] = await engine.runNow({ connector: 'douyin-life', window: w, kind: 'backfill', trigger: 'cli' });
    if (outcome?.status !== 'succeeded') throw new Error(`sync ${outcome?.status}`);
    return 'counts' in outcome ? outcome.counts.inserted + outcome.counts.updated + outcome.counts.unchanged : 0;
  }
  /** The whole window synced once: orders written, their rate, and the CPU each process spent. */
  async function measuredSync() {
    const own = ownPostgresCpu(db.pool);
    await own.start();
    const c = cpuSnapshot();
    const t = performance.now();
    const rows = await syncAll(window);
    const rate = rows / ((performance.now() - t) / 1000);
    const cpu = cpuPerOrder(c, cpuSnapshot(), rows);
    return { rows, rate, cpu, postgres: await own.stop() };
  }
  // Counting the table (a parallel scan of 100,000 rows) is the bench's check, not the sync's
  // work: it ran inside the measured span before and added about 1.4 µs an order to the
  // PostgreSQL figure.
  const tableRows = async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM douyin_life_orders`)).rows[0]?.n ?? 0;

  for (const latency of LATENCIES) {
    await setLatency(latency);
    const suffix = latency === 0 ? '' : `_${latency}ms`;

    const c0 = cpuSnapshot();
    const t0 = performance.now();
    const fetched = await fetchAll();
    const fetchRate = fetched / ((performance.now() - t0) / 1000);
    const fetchCpu = cpuPerOrder(c0, cpuSnapshot(), fetched);

    await fresh();
    global.gc?.();
    const rss = rssSampler();
    rss.start();
    const { rows, rate: syncRate, cpu: syncCpu, postgres: ownCpu } = await measuredSync();
    const peak = rss.stop();
    const stored = await tableRows();
    if (rows !== fetched || stored !== fetched) throw new Error(`sync wrote ${rows} rows (${stored} in the table), emulator has ${fetched}`);

    report(`douyin_fetch_rate${suffix}`, fetchRate, 'orders/s', 0);
    report(`douyin_sync_rate${suffix}`, syncRate, 'orders/s', 0);
    report(`douyin_ratio${suffix}`, syncRate / fetchRate, 'ratio');
    if (latency === 0) {
      if (fetchCpu && syncCpu) {
        report('douyin_cpu_fetch_client', fetchCpu.node, 'us/order', 1);
        report('douyin_cpu_fetch_emulator', fetchCpu.emulator, 'us/order', 1);
        report('douyin_cpu_sync_process', syncCpu.node, 'us/order', 1);
        report('douyin_cpu_sync_emulator', syncCpu.emulator, 'us/order', 1);
        report('douyin_cpu_sync_postgres', (ownCpu.backends / rows) * 1e6, 'us/order', 1);
        report('douyin_cpu_sync_postgres_background', (ownCpu.background / rows) * 1e6, 'us/order', 1);
        report('douyin_cpu_sync_postgres_machine', syncCpu.postgres, 'us/order', 1);
      }
      report('douyin_peak_rss', peak, 'MB', 0);

      // The same window again with nothing changed, the everyday incremental sync: every page
      // finds its keys stored and goes the staged way, which writes nothing.
      const again = await measuredSync();
      report('douyin_resync_rate', again.rate, 'orders/s', 0);
      if (again.cpu) {
        report('douyin_cpu_resync_process', again.cpu.node, 'us/order', 1);
        report('douyin_cpu_resync_postgres', (again.postgres.backends / again.rows) * 1e6, 'us/order', 1);
      }

      // A window a third as long, on a fresh table: memory should not depend on window length.
      await fresh();
      global.gc?.();
      const rssShort = rssSampler();
      rssShort.start();
      await syncAll({ from: new Date((info.to - 10 * 86400 + 1) * 1000), to: window.to });
      report('douyin_peak_rss_short', rssShort.stop(), 'MB', 0);
    }
  }
  await engine.stop(1000);
} finally {
  child.kill('SIGTERM');
  await db.drop();
}
process.exit(0);
