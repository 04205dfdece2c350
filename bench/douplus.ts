// Bench group `douplus`:
//   douplus_cycle_seconds / douplus_cycle_api_calls: one 5-minute cycle (order pass, stats pass,
//     video aggregate) for 2,000 delivering orders over 5 抖音号, the emulator answering each DOU+
//     call after BENCH_DOUPLUS_LATENCY_MS (50) ms; the 抖音号 run at once, as the job queue runs
//     them (goal ≤ 30 s, a tenth of the period).
//   douplus_orders_p50/p99, douplus_videos_7d_p50/p99: the query API (Fastify inject) over
//     BENCH_DOUPLUS_ORDERS (20,000) orders and BENCH_DOUPLUS_SNAPSHOTS (5,000,000) snapshot rows:
//     GET /api/douplus/orders?sort=cost (first page) and /api/douplus/videos?period=7d, 500
//     requests each (seed: < 200 ms; goal p99 ≤ 20 ms).
//   douplus_snapshot_ratio: snapshot rows written over a day of 288 stats passes (unchanged
//     snapshots skipped) ÷ rows the seed's way (one row per followed order per pass), for 2 抖音号
//     with 60 orders of every fate each (BENCH_DOUPLUS_DAY_BUCKETS passes, default 288).
import Fastify from 'fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom } from '../src/config.js';
import { DOUPLUS_PLATFORM } from '../src/connectors/douplus/client.js';
import { douplusTokenProvider } from '../src/connectors/douplus/index.js';
import { douplus } from '../src/connectors/index.js';
import { oceanengineOpenPlatform } from '../src/connectors/oceanengine-local/open-platform.js';
import type { DouplusSettings } from '../src/connectors/douplus/settings.js';
import { BUCKET_MS, bucketOf } from '../src/connectors/douplus/streams.js';
import { settingsOf } from '../src/engine/connector.js';
import { executeRun } from '../src/engine/runner.js';
import type { ConnectorContext, SyncWindow } from '../src/engine/types.js';
import { connectorRoutes } from '../src/http/connector-routes.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createDouplusEmulator, type DouplusEmulator as DouplusOn, type DouplusEmulatorOptions } from '../src/sandbox/douplus/emulator.js';
import { createOceanengineEmulator, type OceanengineEmulator } from '../src/sandbox/oceanengine-local/emulator.js';

/** DOU+'s emulator on the 巨量引擎 platform's, as the registry wires them. */
type DouplusEmulator = DouplusOn<OceanengineEmulator>;
const douplusEmulator = (opts: DouplusEmulatorOptions): DouplusEmulator => createDouplusEmulator(createOceanengineEmulator, opts);
import { openTokenStore } from '../src/tokens/index.js';
import { benchDatabase, report } from './support.js';

const LATENCY = Number(process.env.BENCH_DOUPLUS_LATENCY_MS ?? 50);
const ORDERS = Number(process.env.BENCH_DOUPLUS_ORDERS ?? 20_000);
const SNAPSHOTS = Number(process.env.BENCH_DOUPLUS_SNAPSHOTS ?? 5_000_000);
const DAY_BUCKETS = Number(process.env.BENCH_DOUPLUS_DAY_BUCKETS ?? 288);
const log = createLogger('silent', { pretty: false });

async function setup(emu: DouplusEmulator, extra: Record<string, string> = {}) {
  const db = await benchDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-bench-douplus-'));
  const config = configFrom({
    DATA_DIR: dataDir,
    TOKEN_ENCRYPTION_KEY: 'bench-key-0123456789-0123456789-0123',
    DOUPLUS_APP_ID: emu.appId,
    DOUPLUS_SECRET: emu.secret,
    DOUPLUS_AWEME_SEC_UIDS: emu.awemeSecUids.join(','),
    ...extra,
  });
  const settings = settingsOf(douplus, config) as DouplusSettings;
  const metrics = createMetrics();
  const tokens = await openTokenStore({ config, log, pool: db.pool, metrics, providers: [{ provider: douplusTokenProvider(oceanengineOpenPlatform, settings, emu.baseUrl) }] });
  await tokens.authorizeWithCode(DOUPLUS_PLATFORM, settings.DOUPLUS_GRANT, emu.issueAuthCode());
  const ctx = { config, settings, log, pool: db.pool, baseUrl: emu.baseUrl, tokens } as ConnectorContext;
  let n = 0;
  const run = (account: string, streams: string[], window: SyncWindow) =>
    executeRun(
      { pool: db.pool, log, metrics, retry: { maxAttempts: 3, baseMs: 10 }, context: ctx },
      { connector: douplus, account, streams, window, trigger: 'schedule', key: `bench-${n++}`, requestedAt: new Date() },
    );
  return {
    db,
    run,
    async close() {
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function cycle(): Promise<void> {
  const accounts = Array.from({ length: 5 }, (_, i) => `MS4wLjABAAAAbenchDouplusAccount${i}000000000000000`);
  const emu = douplusEmulator({ awemeSecUids: accounts, ordersPerAccount: 400, spanHours: 12, profile: 'delivering' });
  await emu.listen();
  const s = await setup(emu);
  const now = new Date();
  const orders: SyncWindow = { from: new Date(now.getTime() - 7 * 86_400_000), to: now };
  const stats: SyncWindow = { from: bucketOf(now), to: new Date(bucketOf(now).getTime() + BUCKET_MS - 1000) };
  // The orders are known already (an earlier cycle); this cycle re-reads them and takes the stats.
  await Promise.all(accounts.map((a) => s.run(a, ['orders'], orders)));
  emu.latency.push({ match: /douplus/, ms: LATENCY });
  const calls0 = emu.douplusCounts.list + emu.douplusCounts.report;
  const t0 = performance.now();
  const outcomes = await Promise.all(
    accounts.map(async (a) => {
      const o = await s.run(a, ['orders'], { from: orders.from, to: new Date() });
      const st = await s.run(a, ['order_stats'], stats);
      return [o.status, st.status];
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (outcomes.flat().some((x) => x !== 'succeeded')) throw new Error(`cycle runs: ${JSON.stringify(outcomes)}`);
  const written = (await s.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM douplus_order_stats`)).rows[0]?.n ?? 0;
  report('douplus_cycle_seconds', seconds, 's');
  report('douplus_cycle_api_calls', emu.douplusCounts.list + emu.douplusCounts.report - calls0, 'calls', 0);
  report('douplus_cycle_snapshots', written, 'rows', 0);
  await s.close();
  await emu.close();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function queries(): Promise<void> {
  const db = await benchDatabase();
  const pool = db.pool;
  const perOrder = Math.max(1, Math.round(SNAPSHOTS / ORDERS));
  const now = new Date();
  const last = bucketOf(now).getTime();
  const t0 = performance.now();
  // 20,000 orders over 5 抖音号, three orders per video, created over the last 30 days.
  await pool.query(
    `INSERT INTO douplus_orders (order_id, account_id, task_id, scene_type, item_id, item_title, status, status_text, budget, create_time, raw_data)
     SELECT (1800000000000000 + i)::text, 'acct' || (i % 5), (1700000000000000 + i)::text, 'VIDEO', (7000000000000000000 + i / 3)::text, '视频 ' || (i / 3),
            CASE WHEN i % 4 = 0 THEN 'DELIVERING' ELSE 'DELIVERIED' END, CASE WHEN i % 4 = 0 THEN '投放中' ELSE '投放完成' END,
            (100 + i % 50 * 10)::numeric(14,2), to_timestamp($1::bigint / 1000.0) - (i % 43200) * interval '1 minute', '{}'::jsonb
       FROM generate_series(0, $2 - 1) AS i`,
    [last, ORDERS],
  );
  // Cumulative snapshots, one per order and bucket over the last `perOrder` buckets; the latest
  // table and the video aggregate filled in bulk (triggers off for the load).
  await pool.query(`ALTER TABLE douplus_order_stats DISABLE TRIGGER douplus_order_latest_keep`);
  const chunk = 500;
  for (let start = 0; start < ORDERS; start += chunk) {
    await pool.query(
      `INSERT INTO douplus_order_stats (order_id, stat_time, account_id, item_id, cost, plays, likes, shares, comments, follows, conversions, cost_per_conversion, play_5s_rate)
       SELECT (1800000000000000 + i)::text, to_timestamp(($1::bigint - (b * 300000)) / 1000.0), 'acct' || (i % 5), (7000000000000000000 + i / 3)::text,
              ((($4 - b) * (i % 97 + 1)))::numeric / 100, ($4 - b) * (i % 89 + 10), ($4 - b) * (i % 7), ($4 - b) * (i % 3), ($4 - b), ($4 - b) / 2, ($4 - b) / 10,
              NULL, 0.35
         FROM generate_series($2::int, $3::int) AS i, generate_series(0, $4 - 1) AS b`,
      [last, start, Math.min(start + chunk, ORDERS) - 1, perOrder],
    );
  }
  await pool.query(`ALTER TABLE douplus_order_stats ENABLE TRIGGER douplus_order_latest_keep`);
  await pool.query(
    `INSERT INTO douplus_order_latest (order_id, stat_time, account_id, item_id, cost, plays, likes, shares, comments, follows, conversions, cost_per_conversion, play_5s_rate)
     SELECT DISTINCT ON (order_id) order_id, stat_time, account_id, item_id, cost, plays, likes, shares, comments, follows, conversions, cost_per_conversion, play_5s_rate
       FROM douplus_order_stats ORDER BY order_id, stat_time DESC`,
  );
  await pool.query(
    `INSERT INTO douplus_video_stats_agg (account_id, item_id, stat_time, item_title, order_count, total_cost, total_play, total_like, total_share, total_convert,
                                          play_per_100_cost, like_rate, share_rate, avg_convert_cost, avg_5s_rate)
     SELECT account_id, item_id, stat_time, NULL, count(*), sum(cost), sum(plays), sum(likes), sum(shares), sum(conversions),
            CASE WHEN sum(cost) > 0 THEN round(sum(plays) * 100 / sum(cost), 2) END, NULL, NULL, NULL, NULL
       FROM douplus_order_stats GROUP BY account_id, item_id, stat_time`,
  );
  // The per-period ranking as the stats passes leave it.
  const { refreshVideoRanking } = await import('../src/connectors/douplus/video-agg.js');
  for (let a = 0; a < 5; a++) await refreshVideoRanking(pool as unknown as Parameters<typeof refreshVideoRanking>[0], `acct${a}`, new Date(last));
  await pool.query('VACUUM ANALYZE douplus_video_ranking');
  await pool.query('VACUUM ANALYZE douplus_orders');
  await pool.query('VACUUM ANALYZE douplus_order_stats');
  await pool.query('VACUUM ANALYZE douplus_order_latest');
  await pool.query('VACUUM ANALYZE douplus_video_stats_agg');
  const rows = (await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM douplus_order_stats`)).rows[0]?.n;
  report('douplus_query_snapshot_rows', Number(rows), 'rows', 0);
  report('douplus_query_load_seconds', (performance.now() - t0) / 1000, 's');

  if (process.env.BENCH_DOUPLUS_EXPLAIN) {
    const { listOrders } = await import('../src/connectors/douplus/query.js');
    const t = performance.now();
    await listOrders(pool, { sort: 'cost', order: 'desc', page: 1, page_size: 20 });
    process.stderr.write(`listOrders direct: ${(performance.now() - t).toFixed(1)} ms\n`);
    const plan = await pool.query(`EXPLAIN ANALYZE SELECT o.order_id, l.cost FROM douplus_orders o LEFT JOIN douplus_order_latest l ON l.order_id = o.order_id ORDER BY l.cost DESC NULLS LAST, o.order_id DESC LIMIT 20`);
    process.stderr.write(plan.rows.map((r) => r['QUERY PLAN']).join('\n') + '\n');
  }
  // Control: a bare round trip to PostgreSQL, to read the figures below against the machine's load.
  {
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      await pool.query('SELECT 1');
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    report('douplus_control_select1_p50', percentile(times, 50), 'ms');
    report('douplus_control_select1_p99', percentile(times, 99), 'ms');
  }
  const app = Fastify();
  await app.register(connectorRoutes, { connectors: [douplus], pool, adminToken: 'bench', readTokens: [] });
  for (const [name, url] of [
    ['douplus_orders', '/api/douplus/orders?sort=cost&page=1&page_size=20'],
    ['douplus_videos_7d', '/api/douplus/videos?period=7d'],
  ] as const) {
    for (let i = 0; i < 20; i++) await app.inject({ url, headers: { authorization: 'Bearer bench' } });
    const times: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      const res = await app.inject({ url, headers: { authorization: 'Bearer bench' } });
      times.push(performance.now() - t);
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
    }
    times.sort((a, b) => a - b);
    report(`${name}_p50`, percentile(times, 50), 'ms');
    report(`${name}_p99`, percentile(times, 99), 'ms');
  }
  await app.close();
  await db.drop();
}

async function snapshotRatio(): Promise<void> {
  const accounts = ['MS4wLjABAAAAbenchRatioAccountOne00000000000000', 'MS4wLjABAAAAbenchRatioAccountTwo00000000000000'];
  // The emulated day runs a day and a bit behind the real clock.
  const start = bucketOf(new Date(Date.now() - 26 * 3_600_000)).getTime() + 1000;
  const emu = douplusEmulator({ awemeSecUids: accounts, ordersPerAccount: 60, anchor: start + 24 * 3_600_000, spanHours: 72 });
  emu.clock.offsetMs = start - Date.now();
  await emu.listen();
  const s = await setup(emu, { DOUPLUS_STATS_MAX_LATE_MINUTES: String(27 * 60) });
  let reported = 0;
  for (let b = 0; b < DAY_BUCKETS; b++) {
    const now = new Date(emu.clock.now());
    const bucket = bucketOf(now);
    for (const a of accounts) {
      await s.run(a, ['orders'], { from: new Date(now.getTime() - 7 * 86_400_000), to: now });
      const out = await s.run(a, ['order_stats'], { from: bucket, to: new Date(bucket.getTime() + BUCKET_MS - 1000) });
      if (out.status !== 'succeeded') throw new Error(`stats pass: ${out.status}`);
      // The seed's way: one row per followed order per pass, whatever it holds.
      if (out.status === 'succeeded') reported += out.counts.inserted + out.counts.updated + out.counts.unchanged;
    }
    emu.clock.advance(BUCKET_MS);
  }
  const written = Number((await s.db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM douplus_order_stats`)).rows[0]?.n ?? 0);
  report('douplus_snapshot_rows_written', written, 'rows', 0);
  report('douplus_snapshot_rows_seed_way', reported, 'rows', 0);
  report('douplus_snapshot_ratio', reported ? written / reported : 0, 'ratio', 3);
  await s.close();
  await emu.close();
}

const only = (process.env.BENCH_DOUPLUS_ONLY ?? 'cycle,queries,ratio').split(',');
if (only.includes('cycle')) await cycle();
if (only.includes('queries')) await queries();
if (only.includes('ratio')) await snapshotRatio();
process.exit(0);
