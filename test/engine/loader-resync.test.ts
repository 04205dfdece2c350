// An unchanged re-sync writes nothing: 0 inserted, 0 updated, and not one tuple inserted,
// updated or deleted in the table, as PostgreSQL's own statistics count them. Per transaction
// (pg_stat_xact_user_tables, exact) for the loader, and per table (pg_stat_user_tables, after
// every backend flushed its counters) for a whole 抖音来客 run through the engine.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Pool, PoolClient } from '../../src/db/pool.js';
import { changedRows, upsertRows, writeSnapshots } from '../../src/engine/loader.js';
import type { ColumnSpec } from '../../src/engine/types.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { DAY, FEB1, douyinHarness, type DouyinHarness } from '../helpers/douyin.js';
import { spendSnapshots, spendSnapshotsTable } from '../helpers/targets.js';

interface TupleStats {
  ins: number;
  upd: number;
  hot: number;
  del: number;
}
const STATS = `SELECT n_tup_ins::int AS ins, n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot, n_tup_del::int AS del`;

/** The table's counters once every pooled backend has flushed what it counted (they flush when idle, at most once a second). */
async function tableStats(pool: Pool, table: string): Promise<TupleStats> {
  await new Promise((r) => setTimeout(r, 1100));
  const clients = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
  try {
    await Promise.all(clients.map((c) => c.query('SELECT pg_stat_force_next_flush()')));
    await Promise.all(clients.map((c) => c.query('SELECT 1')));
  } finally {
    for (const c of clients) c.release();
  }
  const r = await pool.query<TupleStats>(`${STATS} FROM pg_stat_user_tables WHERE relname = $1`, [table]);
  return r.rows[0] as TupleStats;
}

const columns: ColumnSpec[] = [
  { name: 'id', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'at', type: 'timestamptz' },
  { name: 'note', type: 'text' },
  { name: 'raw_data', type: 'json' },
];
const target = { table: 'resync_probe', primaryKey: ['id'], columns };
const snapTarget = spendSnapshots('resync_snap');

describe('loader: an unchanged batch writes no tuple', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.pool.query(`CREATE TABLE resync_probe (id text PRIMARY KEY, amount numeric(14,2), at timestamptz, note text, raw_data json NOT NULL, synced_at timestamptz NOT NULL DEFAULT now())`);
    await db.pool.query(spendSnapshotsTable('resync_snap'));
  });
  afterAll(() => db.drop());

  const batch = (n: number, v = 1) =>
    Array.from({ length: n }, (_, i) => ({
      id: `o${i}`,
      amount: `${i}.5`,
      at: new Date(Date.UTC(2026, 1, 1, 0, i)),
      note: i % 3 === 0 ? 'tab\there, line\nbreak, back\\slash, 中文' : null,
      raw_data: { id: `o${i}`, v, nested: { list: [1, 'two', null], text: 'quote " and \\ and \n' } },
    }));

  /**
   * Runs fn in a transaction and returns the table's tuple counts for that transaction alone.
   * pg_stat_xact_user_tables also holds what earlier transactions of the backend counted and
   * did not flush yet, so it is read before and after, and the difference is the transaction's.
   */
  async function inTxStats<T>(table: string, fn: (c: PoolClient) => Promise<T>): Promise<{ out: T; stats: TupleStats }> {
    const c = await db.pool.connect();
    const read = async () => (await c.query<TupleStats>(`${STATS} FROM pg_stat_xact_user_tables WHERE relname = $1`, [table])).rows[0] as TupleStats;
    try {
      await c.query('BEGIN');
      const a = await read();
      const out = await fn(c);
      const b = await read();
      await c.query('COMMIT');
      return { out, stats: { ins: b.ins - a.ins, upd: b.upd - a.upd, hot: b.hot - a.hot, del: b.del - a.del } };
    } finally {
      c.release();
    }
  }

  it('upsert: first load inserts, the same rows again write nothing, a changed payload updates one row', async () => {
    const first = await inTxStats('resync_probe', (c) => upsertRows(c, target, batch(300)));
    expect(first.out).toEqual({ inserted: 300, updated: 0, unchanged: 0, deleted: 0 });
    expect(first.stats).toEqual({ ins: 300, upd: 0, hot: 0, del: 0 });
    const before = await tableStats(db.pool, 'resync_probe');

    const again = await inTxStats('resync_probe', (c) => upsertRows(c, target, batch(300)));
    expect(again.out).toEqual({ inserted: 0, updated: 0, unchanged: 300, deleted: 0 });
    expect(again.stats).toEqual({ ins: 0, upd: 0, hot: 0, del: 0 });
    expect(await tableStats(db.pool, 'resync_probe')).toEqual(before);

    const changed = batch(300);
    (changed[7]!.raw_data as { v: number }).v = 2;
    const third = await inTxStats('resync_probe', (c) => upsertRows(c, target, changed));
    expect(third.out).toEqual({ inserted: 0, updated: 1, unchanged: 299, deleted: 0 });
    expect(third.stats.upd).toBe(1);

    // Values that need COPY escaping arrive exactly.
    const r = await db.pool.query(`SELECT note, raw_data FROM resync_probe WHERE id = 'o0'`);
    expect(r.rows[0]).toEqual({ note: 'tab\there, line\nbreak, back\\slash, 中文', raw_data: batch(1)[0]!.raw_data });
  });

  it('a json payload whose keys come in another order, or in JSONB spelling, is unchanged', async () => {
    await db.pool.query(`UPDATE resync_probe SET raw_data = raw_data::jsonb::json WHERE id = 'o1'`);
    const reordered = batch(300, 1).map((r) => ({ ...r, raw_data: r.id === 'o7' ? { nested: r.raw_data.nested, v: 2, id: r.id } : r.raw_data }));
    const res = await inTxStats('resync_probe', (c) => upsertRows(c, target, reordered));
    expect(res.out).toEqual({ inserted: 0, updated: 0, unchanged: 300, deleted: 0 });
    expect(res.stats).toEqual({ ins: 0, upd: 0, hot: 0, del: 0 });
    const c = await db.pool.connect();
    try {
      expect(await changedRows(c, target, reordered)).toEqual([]);
      expect((await changedRows(c, target, batch(301, 1))).map((r) => r.id)).toEqual(['o7', 'o300']);
    } finally {
      c.release();
    }
  });

  it('two batches for one table in one transaction do not see each other', async () => {
    const res = await inTxStats('resync_probe', async (c) => [await upsertRows(c, target, batch(2, 5)), await upsertRows(c, target, batch(1, 6))]);
    expect(res.out).toEqual([
      { inserted: 0, updated: 2, unchanged: 0, deleted: 0 },
      { inserted: 0, updated: 1, unchanged: 0, deleted: 0 },
    ]);
  });

  it('snapshots: the same series again writes nothing', async () => {
    const series = [0, 1, 2].flatMap((h) => ['a', 'b'].map((id) => ({ id, bucket: new Date(Date.UTC(2026, 1, 1, h)), spend: h === 2 && id === 'a' ? '3.00' : '1.00' })));
    const first = await inTxStats('resync_snap', (c) => writeSnapshots(c, snapTarget, series));
    expect(first.out).toEqual({ inserted: 3, updated: 0, unchanged: 3, deleted: 0 });
    const again = await inTxStats('resync_snap', (c) => writeSnapshots(c, snapTarget, series));
    expect(again.out).toEqual({ inserted: 0, updated: 0, unchanged: 6, deleted: 0 });
    expect(again.stats).toEqual({ ins: 0, upd: 0, hot: 0, del: 0 });
  });
});

describe('抖音来客: an unchanged re-sync through the engine', () => {
  let h: DouyinHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('reports 0 inserted, 0 updated and leaves the table\'s tuple counters where they were', async () => {
    h = await douyinHarness();
    const window = { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 4 * DAY - 1) * 1000) };
    const run = () => h!.engine.runNow({ connector: 'douyin-life', window, kind: 'backfill', trigger: 'cli' });
    const [first] = await run();
    if (first?.status !== 'succeeded') throw new Error(`first run ${first?.status}`);
    expect(first.counts).toMatchObject({ inserted: 240, updated: 0 });
    const before = await tableStats(h.db.pool, 'douyin_life_orders');
    expect(before).toEqual({ ins: 240, upd: 0, hot: 0, del: 0 });

    const [second] = await run();
    if (second?.status !== 'succeeded') throw new Error(`second run ${second?.status}`);
    expect(second.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 240 });
    expect(await tableStats(h.db.pool, 'douyin_life_orders')).toEqual(before);
  });
});
