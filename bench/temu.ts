// Bench group `temu`.
//   temu_amount_lookups:     amount look-ups made (3 shops × BENCH_TEMU_ORDERS new parent orders)
//   temu_call_rate:          platform calls per second over the three shops' order syncs (order
//                            list pages + one amount look-up per new parent order), all under
//                            one app key, through the engine's runner into PostgreSQL
//   temu_rate_ratio:         call rate ÷ the contract's 20-per-second bound (goal ≥ 0.9)
//   temu_rate_limit_errors:  4000004 answers from the emulator (goal 0)
//   temu_profit_recompute:   seconds to import a cost sheet of BENCH_TEMU_SKUS SKUs and recompute
//                            cost and profit of BENCH_TEMU_PROFIT_ORDERS orders (set-wise SQL)
//   temu_profit_rate:        orders recomputed per second
// The emulator enforces 20 calls/s per app key per wall-clock second, as the platform does.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom } from '../src/config.js';
import { importCosts } from '../src/connectors/temu/costs.js';
import { temu } from '../src/connectors/temu/index.js';
import type { TemuSettings } from '../src/connectors/temu/settings.js';
import { shopPartitions } from '../src/connectors/temu/shops.js';
import { settingsOf } from '../src/engine/connector.js';
import { executeRun } from '../src/engine/runner.js';
import type { ConnectorContext } from '../src/engine/types.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { benchDatabase, report } from './support.js';

const ORDERS = Number(process.env.BENCH_TEMU_ORDERS ?? 5000);
const PROFIT_ORDERS = Number(process.env.BENCH_TEMU_PROFIT_ORDERS ?? 200_000);
const SKUS = Number(process.env.BENCH_TEMU_SKUS ?? 10_000);
const BOUND = 20;

async function amountLookups(): Promise<void> {
  const db = await benchDatabase();
  const to = Math.floor(Date.now() / 1000) - 300;
  const from = to - 5 * 86_400;
  // The emulator (20 calls/s per app key, like the platform) in its own process.
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./temu-emulator-process.ts', import.meta.url).pathname, String(ORDERS), String(from), String(to)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const { env } = JSON.parse((await lines.next()).value as string) as { env: Record<string, string> };
  const counts = async () => {
    child.stdin.write('counts\n');
    return JSON.parse((await lines.next()).value as string) as Record<string, number> & { perSecond: number[] };
  };
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-bench-temu-'));
  try {
    const config = configFrom({ DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEY: 'bench-key-0123456789-0123456789-0123', SANDBOX: 'off', ...env });
    const settings = settingsOf(temu, config) as TemuSettings;
    const log = createLogger('silent', { pretty: false });
    const metrics = createMetrics();
    const ctx: ConnectorContext<TemuSettings> = { config, settings, log, pool: db.pool, baseUrl: env.TEMU_BASE_URL as string };
    const window = { from: new Date((from - 60) * 1000), to: new Date((to + 60) * 1000) };
    // Let the emulator's first second start clean.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
    const started = performance.now();
    const outcomes = await Promise.all(
      (await shopPartitions(ctx)).map((partition) =>
        executeRun(
          { pool: db.pool, log, metrics, retry: { maxAttempts: 6, baseMs: 200 }, context: ctx as ConnectorContext },
          { connector: temu, account: partition.id, partition, streams: ['orders'], window, trigger: 'cli', key: `bench:${partition.id}`, requestedAt: new Date() },
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const o of outcomes) if (o.status !== 'succeeded') throw new Error(`a bench run ended ${o.status}`);
    const c = await counts();
    const amounts = c['bg.order.amount.query'] ?? 0;
    const calls = amounts + (c['bg.order.list.v2.get'] ?? 0);
    const stored = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM temu_order_amounts`)).rows[0]?.n;
    if (stored !== 3 * ORDERS) throw new Error(`expected ${3 * ORDERS} amounts, stored ${stored}`);
    report('temu_amount_lookups', amounts, 'calls', 0);
    report('temu_call_rate', calls / seconds, 'calls/s');
    report('temu_rate_ratio', calls / seconds / BOUND, 'ratio', 3);
    report('temu_rate_limit_errors', c.rateLimited ?? 0, 'errors', 0);
    if (process.env.BENCH_TEMU_TRACE) process.stderr.write(`calls per second at the emulator: ${c.perSecond.join(' ')}\n`);
  } finally {
    child.kill('SIGTERM');
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function profitRecompute(): Promise<void> {
  const db = await benchDatabase();
  try {
    // 200k parent orders over 60 days, 1–3 lines each over SKUS SKUs, with their amounts.
    await db.pool.query(
      `INSERT INTO temu_skus (shop, sku_id, goods_id, sku_sn, raw_data)
       SELECT 'bench', (100000 + g)::text, (g / 3)::text, 'SN-' || g, '{}' FROM generate_series(1, $1) g`,
      [SKUS],
    );
    await db.pool.query(
      `INSERT INTO temu_orders (shop, parent_order_sn, parent_order_status, parent_order_time, update_time, latest_delivery_time, item_count, raw_data)
       SELECT 'bench', 'PO-' || g, (ARRAY[2, 3, 4, 5, 5, 5])[1 + g % 6], now() - (g % 60) * interval '1 day', now() - (g % 60) * interval '1 day' + interval '3 days',
              now() - (g % 60) * interval '1 day' + interval '10 days', 1 + g % 3, '{}'
       FROM generate_series(1, $1) g`,
      [PROFIT_ORDERS],
    );
    await db.pool.query(
      `INSERT INTO temu_order_items (shop, order_sn, parent_order_sn, sku_id, quantity, raw_data)
       SELECT 'bench', 'O-' || g || '-' || k, 'PO-' || g, (100000 + 1 + (g * 7 + k * 13) % $2)::text, 1 + (g + k) % 3, '{}'
       FROM generate_series(1, $1) g, generate_series(0, 2) k WHERE k < 1 + g % 3`,
      [PROFIT_ORDERS, SKUS],
    );
    await db.pool.query(
      `INSERT INTO temu_order_amounts (shop, parent_order_sn, currency, customer_paid, refunds_total, estimated_revenue, raw_data)
       SELECT 'bench', 'PO-' || g, 'USD', 10 + (g % 5000) / 100.0, 0, 7 + (g % 4000) / 100.0, '{}' FROM generate_series(1, $1) g`,
      [PROFIT_ORDERS],
    );
    await db.pool.query(`ANALYZE`);
    const sheet = Array.from({ length: SKUS }, (_, i) => ({ skuId: String(100001 + i), cost: `${1 + (i % 50)}.${String(i % 10000).padStart(4, '0')}` }));
    const started = performance.now();
    const r = await importCosts(db.pool, sheet, { source: 'bench', payoutDays: 14 });
    const seconds = (performance.now() - started) / 1000;
    if (r.ordersRecomputed !== PROFIT_ORDERS) throw new Error(`recomputed ${r.ordersRecomputed} of ${PROFIT_ORDERS} orders`);
    report('temu_profit_recompute', seconds, 's');
    report('temu_profit_rate', PROFIT_ORDERS / seconds, 'orders/s', 0);
  } finally {
    await db.drop();
  }
}

if (!process.env.BENCH_TEMU_SKIP_PROFIT) await profitRecompute();
if (!process.env.BENCH_TEMU_SKIP_RATE) await amountLookups();
process.exit(0);
