// The table both bitable benches mirror: bench_unit_daily (a 巨量本地推-like unit daily report),
// its mapping onto the 基准日报 Bitable table (巨量本地推's own, less two number fields), and the
// loader's part of a sync: upserting the rows and queueing them for the mirror in one transaction.
import { inTransaction, type Pool } from '../src/db/pool.js';
import type { WriteHook } from '../src/engine/types.js';
import { OCEANENGINE_LOCAL_DAILY_MIRROR } from '../src/connectors/oceanengine-local/mirror.js';
import { buildMappings, type BitableMapping } from '../src/mirror/mapping.js';

const BENCH_COLUMNS = ['stat_date', 'unit_id', 'unit_name', 'spend', 'conversions'];

export async function createBenchTable(pool: Pool): Promise<BitableMapping> {
  await pool.query(`CREATE TABLE bench_unit_daily (
    stat_date date NOT NULL, account_id text NOT NULL, unit_id text NOT NULL, unit_name text,
    spend numeric(14,2), conversions integer, PRIMARY KEY (stat_date, account_id, unit_id))`);
  // 巨量本地推's own mapping, cut to the bench table's columns.
  const real = OCEANENGINE_LOCAL_DAILY_MIRROR;
  const [m] = buildMappings([], [
    {
      ...real,
      name: 'bench_unit_daily',
      source: 'bench_unit_daily',
      table: '基准日报',
      aliases: [],
      fields: real.fields.filter((f) => BENCH_COLUMNS.includes(f.column)),
    },
  ]);
  if (!m) throw new Error('the bench mapping did not build');
  return m;
}

/** Upserts `rows` rows over 25 days and queues them through `hook`, in one transaction. */
export function enqueueBenchRows(pool: Pool, hook: WriteHook, rows: number): Promise<void> {
  return inTransaction(pool, async (c) => {
    const res = await c.query<{ stat_date: string; account_id: string; unit_id: string }>(
      `INSERT INTO bench_unit_daily (stat_date, account_id, unit_id, unit_name, spend, conversions)
       SELECT date '2026-01-01' + (i % 25), '1835880409219083', 'u' || i, '单元 ' || i, (i % 10000) / 100.0, i % 17
       FROM generate_series(1, $1) AS i
       ON CONFLICT (stat_date, account_id, unit_id) DO UPDATE SET unit_name = EXCLUDED.unit_name
       RETURNING stat_date::text, account_id, unit_id`,
      [rows],
    );
    await hook.afterWrite(c, { table: 'bench_unit_daily', keys: res.rows });
  });
}
