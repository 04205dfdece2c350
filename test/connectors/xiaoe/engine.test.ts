// 小鹅通 through the real engine (runs, checkpoints, retries, token renewal, derived welfare
// table), a real database, the emulator over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { xiaoe } from '../../../src/connectors/xiaoe/index.js';
import { Engine } from '../../../src/engine/engine.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics } from '../../../src/metrics.js';
import { createXiaoeEmulator, type XiaoeEmulator } from '../../../src/sandbox/xiaoe/emulator.js';
import { openTokenStore } from '../../../src/tokens/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { DAY, at } from './harness.js';

interface EngineHarness {
  db: TestDatabase;
  emu: XiaoeEmulator;
  engine: Engine;
  close(): Promise<void>;
}

// Orders over the 20 days before the current hour: the engine's welfare refresh runs at the real now.
const HOUR = Math.floor(Date.now() / 3_600_000) * 3600;
const FROM = HOUR - 20 * DAY;
const window = { from: at(FROM), to: at(HOUR) };

async function engineHarness(settings: Record<string, string | number> = {}): Promise<EngineHarness> {
  const db = await createTestDatabase();
  const emu = createXiaoeEmulator({ orders: 900, from: FROM, to: HOUR, seed: 3 });
  await emu.listen();
  const config = configFrom({
    DATABASE_URL: db.url,
    TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123',
    SANDBOX: 'off',
    SYNC_RETRY_BASE_MS: 2,
    XIAOE_APP_ID: emu.appId,
    XIAOE_CLIENT_ID: emu.clientId,
    XIAOE_SECRET_KEY: emu.secretKey,
    XIAOE_BASE_URL: emu.baseUrl,
    XIAOE_PAGE_SIZE: 50,
    ...settings,
  });
  const log = createLogger('silent', { pretty: false });
  const metrics = createMetrics();
  const tokens = await openTokenStore({ config, log, pool: db.pool });
  const engine = await Engine.create({ config, log, pool: db.pool, metrics, databaseUrl: db.url, connectors: [xiaoe], tokens });
  return {
    db,
    emu,
    engine,
    close: async () => {
      await engine.stop(1000);
      await emu.close();
      await db.drop();
    },
  };
}

const backfill = (h: EngineHarness, extra = {}) => h.engine.runNow({ connector: 'xiaoe', window, kind: 'backfill', trigger: 'cli' }, extra);
const count = async (h: EngineHarness, sql: string) => ((await h.db.pool.query<{ n: number }>(sql)).rows[0] as { n: number }).n;
const listCalls = (h: EngineHarness) => h.emu.requests.filter((r) => r.path === '/xe.order.list.get/1.0.1');

let h: EngineHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('xiaoe through the engine', () => {
  it('a backfill writes every listed order once; the same window again inserts and updates nothing; welfare is refreshed after it', async () => {
    h = await engineHarness();
    const [first] = await backfill(h);
    if (first?.status !== 'succeeded') throw new Error(`run ${first?.status}: ${first && 'error' in first ? first.error?.message : ''}`);
    expect(first.counts).toMatchObject({ inserted: 900, updated: 0 });
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(900);
    const paid = h.emu.listed(FROM, HOUR).filter((r) => r.pay_time !== '0000-00-00 00:00:00').length;
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_welfare`)).toBe(paid);
    expect(await count(h, `SELECT count(*)::int AS n FROM sync_runs WHERE run_key LIKE '%#welfare' AND status = 'succeeded'`)).toBe(1);

    const [second] = await backfill(h);
    if (second?.status !== 'succeeded') throw new Error(`second run ${second?.status}`);
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 900 });
    // 21 calendar days in 7-day slices, 50 a page: only the pages needed.
    expect(listCalls(h).length).toBeLessThanOrEqual(2 * (Math.ceil(900 / 50) + 4));
  });

  it('a run killed after 5 pages resumes at the next page: exact rows, no committed page fetched again', async () => {
    h = await engineHarness({ SLICE_CONCURRENCY: 1 });
    const [killed] = await backfill(h, { afterPage: (pages: number) => pages >= 5 });
    expect(killed?.status).toBe('aborted');
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(250);
    const seen = new Set(listCalls(h).map((c) => JSON.stringify([(c.body as { begin_time: string }).begin_time, (c.body as { page_index: number }).page_index])));
    const before = listCalls(h).length;
    const [resumed] = await backfill(h);
    expect(resumed?.status).toBe('succeeded');
    expect(resumed?.run.id).toBe(killed?.run.id);
    const again = listCalls(h)
      .slice(before)
      .filter((c) => seen.has(JSON.stringify([(c.body as { begin_time: string }).begin_time, (c.body as { page_index: number }).page_index])));
    // Only the page in flight when it stopped may be read again (it was never committed).
    expect(again.length).toBeLessThanOrEqual(1);
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(900);
  });

  it('an access token that expires mid-run is fetched again once, and the run finishes exact', async () => {
    h = await engineHarness();
    h.emu.faults.push({ match: /^POST \/xe\.order\.list\.get/, times: 1, kind: 'tokenExpired' });
    const [run] = await backfill(h);
    expect(run?.status).toBe('succeeded');
    expect(h.emu.counts.token).toBe(2);
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(900);
    // The token lives in the store, encrypted.
    const stored = await h.db.pool.query<{ access_token_enc: string }>(`SELECT access_token_enc FROM platform_tokens WHERE platform = 'xiaoe'`);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]?.access_token_enc).not.toMatch(/^xe_/);
  });

  it('rate limits (code and HTTP 429) and 5xx back off and the run finishes with exact rows', async () => {
    h = await engineHarness();
    h.emu.faults.push(
      { match: /^POST \/xe\.order\.list\.get/, times: 2, kind: 'rateLimit' },
      { match: /^POST \/xe\.order\.list\.get/, times: 1, kind: 'http429' },
      { match: /^POST \/xe\.order\.list\.get/, times: 2, kind: 'serverError' },
    );
    const [run] = await backfill(h);
    expect(run?.status).toBe('succeeded');
    expect(h.emu.faults.every((f) => f.times === 0)).toBe(true);
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(900);
  });

  it('a page that is not JSON fails the run with a clear message; rows and checkpoints before it are kept', async () => {
    h = await engineHarness({ SLICE_CONCURRENCY: 1 });
    // The third answer of the order list is an HTML gateway page.
    h.emu.faults.push({ match: /^POST \/xe\.order\.list\.get/, times: 1, after: 2, kind: 'malformedPage' });
    const [run] = await backfill(h);
    expect(run?.status).toBe('failed');
    if (run?.status !== 'failed') throw new Error('unreachable');
    expect(run.error?.code).toBe('SYNC_BAD_RESPONSE');
    expect(run.error?.message).toContain('小鹅通 /xe.order.list.get/1.0.1 (page 3)');
    expect(run.error?.message).toContain('not a JSON object');
    expect(await count(h, `SELECT count(*)::int AS n FROM xiaoe_orders`)).toBe(100);
    expect(await count(h, `SELECT max(last_page)::int AS n FROM sync_checkpoints WHERE run_id = ${run.run.id}`)).toBe(2);
  });

  it('schedules: the first new-orders run reads the history from XIAOE_START_DATE; the rescan reads the last 15 days and never widens', async () => {
    h = await engineHarness({ XIAOE_START_DATE: '2025-01-01' });
    const rt = h.engine.runtime('小鹅通');
    const incremental = rt.schedules.find((s) => s.name === 'incremental');
    const rescan = rt.schedules.find((s) => s.name === 'rescan');
    if (!incremental || !rescan) throw new Error('schedules missing');
    const now = new Date('2026-03-10T04:00:00Z');
    const first = await h.engine.scheduledWindow(rt, h.emu.appId, now, incremental);
    expect(first.from.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    const r = await h.engine.scheduledWindow(rt, h.emu.appId, now, rescan);
    expect(r.from.toISOString()).toBe('2026-02-22T16:00:00.000Z');
    expect(r.to).toEqual(now);
    expect(incremental.cron).toBe('*/30 * * * *');
    expect(rescan.catchUp).toBe(false);
  });
});
