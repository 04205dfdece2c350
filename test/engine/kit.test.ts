// What the engine can express for any connector, shown with a neutral fake one: slices of N
// minutes and none, child tables, follow-ups only for new or changed rows under a shared rate
// budget, snapshots that skip unchanged values, derived tables with their own run record,
// schedules per stream with cursors per stream, and partitions with their own credentials.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { FAKE_TABLES, fakeConnector, fakeSource, type FakeItem, type FakeSource } from './fake-connector.js';

const T0 = new Date('2026-02-10T00:00:00Z'); // 08:00 Asia/Shanghai
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const item = (id: string, at: number, amount: string, account = 'a1', children = 2): FakeItem => ({ id, account, at: minutes(at), amount, children });

describe('the connector kit in the engine', () => {
  let db: TestDatabase;
  const log = createLogger('silent', { pretty: false });
  const engines: Engine[] = [];
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(FAKE_TABLES);
  });
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.stop(500);
    await db.pool.query(`TRUNCATE fake_items, fake_item_children, fake_item_details, fake_stats, fake_totals, fake_slice_log, fake_refresh_log, sync_runs, sync_checkpoints, sync_cursors CASCADE`);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function engineFor(source: FakeSource, opts: Parameters<typeof fakeConnector>[1] = {}, sliceConcurrency = 2) {
    const config = configFrom({ DATABASE_URL: db.url, SANDBOX: 'off', SYNC_RETRY_BASE_MS: 1, SLICE_CONCURRENCY: sliceConcurrency });
    const engine = await Engine.create({ config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url, connectors: [fakeConnector(source, opts)] });
    engines.push(engine);
    return engine;
  }
  const window = { from: T0, to: minutes(119) };
  const count = async (table: string) => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n;

  it('slices a window into runs of N minutes, each with its own checkpoint', async () => {
    const source = fakeSource([item('i1', 5, '1.10'), item('i2', 35, '2.20'), item('i3', 65, '3.30'), item('i4', 95, '4.40')]);
    const engine = await engineFor(source, { slice: { minutes: 30 } });
    const [out] = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(out && 'error' in out ? out.error?.message : '').toBe('');
    expect(out?.status).toBe('succeeded');
    const itemCalls = source.calls.filter((c) => c.stream === 'items');
    expect(itemCalls.map((c) => [c.from.toISOString(), c.to.toISOString()]).sort()).toEqual([
      ['2026-02-10T00:00:00.000Z', '2026-02-10T00:29:59.000Z'],
      ['2026-02-10T00:30:00.000Z', '2026-02-10T00:59:59.000Z'],
      ['2026-02-10T01:00:00.000Z', '2026-02-10T01:29:59.000Z'],
      ['2026-02-10T01:30:00.000Z', '2026-02-10T01:59:00.000Z'],
    ]);
    expect(await count('sync_checkpoints')).toBe(4);
    expect((await db.pool.query(`SELECT id, amount::text FROM fake_items ORDER BY id`)).rows).toEqual([
      { id: 'i1', amount: '1.10' },
      { id: 'i2', amount: '2.20' },
      { id: 'i3', amount: '3.30' },
      { id: 'i4', amount: '4.40' },
    ]);
  });

  it("slice 'none' asks for the whole window at once", async () => {
    const source = fakeSource();
    source.stats.set('e1', 10);
    const engine = await engineFor(source);
    await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['stats'] });
    expect(source.calls.map((c) => [c.stream, c.from.toISOString(), c.to.toISOString()])).toEqual([['stats', T0.toISOString(), minutes(119).toISOString()]]);
  });

  it('writes child tables in the page transaction, and fetches follow-up details only for new or changed rows', async () => {
    const source = fakeSource(Array.from({ length: 7 }, (_, i) => item(`i${i}`, i, `${i}.05`, 'a1', i % 3)));
    const engine = await engineFor(source);
    const run = () => engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    await run();
    expect(await count('fake_item_children')).toBe(source.items.reduce((n, i) => n + i.children, 0));
    expect(source.detailCalls.map((c) => c.id).sort()).toEqual(source.items.map((i) => i.id).sort());
    expect(await count('fake_item_details')).toBe(7);

    source.detailCalls = [];
    const [again] = await run();
    expect(again && 'counts' in again ? [again.counts.inserted, again.counts.updated] : []).toEqual([0, 0]);
    expect(source.detailCalls).toEqual([]);

    (source.items[3] as FakeItem).amount = '99.99';
    await run();
    expect(source.detailCalls.map((c) => c.id)).toEqual(['i3']);
    expect((await db.pool.query(`SELECT detail FROM fake_item_details WHERE id = 'i3'`)).rows[0]?.detail).toBe('detail of i3 at 99.99');
  });

  it('keeps follow-up calls to the shared per-second budget across partitions', async () => {
    const items = ['s1', 's2'].flatMap((shop) => Array.from({ length: 9 }, (_, i) => item(`${shop}-${i}`, i, '1.00', shop, 0)));
    const source = fakeSource(items);
    const engine = await engineFor(source, { detailsPerSecond: 4, partitions: [{ id: 's1', token: 'tok-1' }, { id: 's2', token: 'tok-2' }] });
    const out = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(out.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
    expect(source.detailCalls).toHaveLength(18);
    // The shared budget granted every call a slot, never more than 4 in one second (its own
    // ledger, not wall-clock timing, which a loaded machine would blur).
    const slots = (await db.pool.query<{ used: number }>(`SELECT used FROM rate_budget WHERE key = 'fake-app'`)).rows.map((r) => r.used);
    expect(slots.reduce((n, u) => n + u, 0)).toBe(18);
    expect(Math.max(...slots)).toBeLessThanOrEqual(4);
    expect(slots.length).toBeGreaterThanOrEqual(5);
    // Each partition ran with its own credentials.
    expect(new Set(source.calls.filter((c) => c.account === 's2').map((c) => c.token))).toEqual(new Set(['tok-2']));
    expect((await db.pool.query(`SELECT account, count(*)::int AS n FROM fake_items GROUP BY account ORDER BY account`)).rows).toEqual([
      { account: 's1', n: 9 },
      { account: 's2', n: 9 },
    ]);
  });

  it('snapshots: an unchanged value is not written again; a changed one is; a bucket re-read with new figures is updated', async () => {
    const source = fakeSource();
    let bucket = minutes(0);
    const engine = await engineFor(source, { statsBucket: () => bucket });
    const run = () => engine.runNow({ connector: 'fake', window: { from: bucket, to: bucket }, kind: 'backfill', trigger: 'cli', streams: ['stats'] });
    source.stats.set('e1', 10).set('e2', 20);
    await run();
    bucket = minutes(5);
    source.stats.set('e1', 10).set('e2', 25);
    const [second] = await run();
    expect(second && 'counts' in second ? [second.counts.inserted, second.counts.unchanged] : []).toEqual([1, 1]);
    source.stats.set('e2', 26);
    await run();
    expect((await db.pool.query(`SELECT entity, stat_time, value FROM fake_stats ORDER BY entity, stat_time`)).rows).toEqual([
      { entity: 'e1', stat_time: minutes(0), value: 10 },
      { entity: 'e2', stat_time: minutes(0), value: 20 },
      { entity: 'e2', stat_time: minutes(5), value: 26 },
    ]);
  });

  it('refreshes a derived table after the stream it follows, with its own run record', async () => {
    const source = fakeSource([item('i1', 1, '1.25'), item('i2', 2, '2.50')]);
    const engine = await engineFor(source);
    await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect((await db.pool.query(`SELECT account, total::text, items FROM fake_totals`)).rows).toEqual([{ account: 'a1', total: '3.75', items: 2 }]);
    const runs = (await db.pool.query<{ streams: string[] | null; status: string; run_key: string }>(`SELECT streams, status, run_key FROM sync_runs ORDER BY id`)).rows;
    expect(runs.map((r) => [r.streams, r.status])).toEqual([
      [['items'], 'succeeded'],
      [['derived:totals'], 'succeeded'],
    ]);
    expect(runs[1]?.run_key).toBe(`${runs[0]?.run_key}#totals`);
    // A run of a stream the derived table does not follow leaves it alone.
    await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['stats'] });
    expect(await count('sync_runs')).toBe(3);
  });

  it("runs a derived table's early work as each slice is written, and still refreshes it after the run", async () => {
    const source = fakeSource([item('i1', 5, '1.00'), item('i2', 35, '2.00'), item('i3', 65, '3.00'), item('i4', 95, '4.00')]);
    const engine = await engineFor(source, { slice: { minutes: 30 }, totalsAfterSlice: 'log' });
    const [out] = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(out?.status).toBe('succeeded');
    // Once per slice, after the slice's rows committed (each saw its own item).
    const log = (await db.pool.query<{ slice_from: Date; items_seen: number }>(`SELECT slice_from, items_seen FROM fake_slice_log ORDER BY slice_from`)).rows;
    expect(log.map((r) => [r.slice_from.toISOString(), r.items_seen])).toEqual([
      ['2026-02-10T00:00:00.000Z', 1],
      ['2026-02-10T00:30:00.000Z', 1],
      ['2026-02-10T01:00:00.000Z', 1],
      ['2026-02-10T01:30:00.000Z', 1],
    ]);
    expect((await db.pool.query(`SELECT total::text, items FROM fake_totals`)).rows).toEqual([{ total: '10.00', items: 4 }]);
    // The derived run record counts both: 4 rows of early work and the refresh's 1.
    const derived = (await db.pool.query<{ updated: number; status: string }>(`SELECT updated, status FROM sync_runs WHERE streams = '{derived:totals}'`)).rows;
    expect(derived).toEqual([{ updated: 5, status: 'succeeded' }]);
    // Every slice did its early work: the refresh is told it may leave that out.
    expect((await db.pool.query(`SELECT slices_covered FROM fake_refresh_log`)).rows).toEqual([{ slices_covered: true }]);
  });

  it('a resumed run is not covered by early work: the refresh after it does everything', async () => {
    const source = fakeSource([item('i1', 5, '1.00'), item('i2', 35, '2.00'), item('i3', 65, '3.00'), item('i4', 95, '4.00')]);
    source.failSliceFrom = minutes(90);
    const engine = await engineFor(source, { slice: { minutes: 30 }, totalsAfterSlice: 'log' }, 1);
    const [first] = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(first?.status).toBe('failed');
    expect(await count('fake_slice_log')).toBe(3);
    expect(await count('fake_refresh_log')).toBe(0);
    // The same run again resumes at the failed slice; the three done before are not written again.
    const [second] = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(second?.status).toBe('succeeded');
    expect(await count('fake_slice_log')).toBe(4);
    expect((await db.pool.query(`SELECT slices_covered FROM fake_refresh_log`)).rows).toEqual([{ slices_covered: false }]);
    expect((await db.pool.query(`SELECT total::text, items FROM fake_totals`)).rows).toEqual([{ total: '10.00', items: 4 }]);
  });

  it("a failing early step is left to the refresh after the run: the run and the derived table succeed", async () => {
    const source = fakeSource([item('i1', 5, '1.00'), item('i2', 35, '2.00')]);
    const engine = await engineFor(source, { slice: { minutes: 30 }, totalsAfterSlice: 'fail' });
    const [out] = await engine.runNow({ connector: 'fake', window, kind: 'backfill', trigger: 'cli', streams: ['items'] });
    expect(out?.status).toBe('succeeded');
    expect(await count('fake_slice_log')).toBe(0);
    expect((await db.pool.query(`SELECT total::text, items FROM fake_totals`)).rows).toEqual([{ total: '3.00', items: 2 }]);
    expect((await db.pool.query(`SELECT status FROM sync_runs ORDER BY id`)).rows.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect((await db.pool.query(`SELECT slices_covered FROM fake_refresh_log`)).rows).toEqual([{ slices_covered: false }]);
  });

  it('schedules per stream: each queues its own streams under its own key and moves only their cursors', async () => {
    const source = fakeSource([item('i1', 1, '1.00')]);
    const engine = await engineFor(source);
    await engine.start({ workers: false, scheduler: false });
    const rt = engine.runtime('假');
    const [items, stats] = rt.schedules;
    const at = minutes(120);
    const queued = [...(await engine.tick(rt, at, items)), ...(await engine.tick(rt, at, stats))];
    expect(queued.map((q) => q.key.split(':').slice(0, 4).join(':'))).toEqual(['fake:a1:schedule:items', 'fake:a1:schedule:stats']);
    const jobs = (await db.pool.query<{ data: { streams?: string[] } }>(`SELECT data FROM pgboss.job WHERE name = 'tongbu-sync' ORDER BY created_on`)).rows;
    expect(jobs.map((j) => j.data.streams)).toEqual([['items'], ['stats']]);

    await engine.runNow({ connector: 'fake', window: { from: minutes(0), to: at }, kind: 'schedule', trigger: 'schedule', streams: ['items'] });
    expect((await db.pool.query(`SELECT stream, synced_to FROM sync_cursors`)).rows).toEqual([{ stream: 'items', synced_to: at }]);
    // After downtime the items schedule widens back to its cursor; the stats one does not catch up.
    const later = minutes(120 + 3 * 24 * 60);
    expect((await engine.scheduledWindow(rt, 'a1', later, items)).from).toEqual(at);
    expect((await engine.scheduledWindow(rt, 'a1', later, stats)).from).toEqual(later);
  });
});
