// The ways of writing a page of 抖音来客 orders, measured as PostgreSQL CPU per row: the one
// backend that does the writes, read from /proc (Linux, a local server), so other clients of a
// shared server do not count. 100k orders (the douyin group's dataset, phones plain), pages of
// 200, one transaction per page, into an empty table (load) and then the same rows again
// (re-sync: nothing changes, nothing is written). Not part of `npm run bench`:
//   DATABASE_URL=… npx tsx bench/douyin-loader-ways.ts
import { readFileSync } from 'node:fs';
import type { PoolClient } from '../src/db/pool.js';
import { toOrderRow } from '../src/connectors/douyin-life/mapping.js';
import { douyinLife } from '../src/connectors/douyin-life/index.js';
import { upsertRows } from '../src/engine/loader.js';
import type { LoadTarget } from '../src/engine/types.js';
import { generateOrders } from '../src/sandbox/douyin-life/dataset.js';
import { benchDatabase, report } from './support.js';

const ORDERS = Number(process.env.BENCH_DOUYIN_ORDERS ?? 100_000);
const PAGE = 200;
const from = Date.UTC(2026, 0, 1) / 1000;
const rows = generateOrders({ orders: ORDERS, from, to: from + 30 * 86400, clientSecret: 'x', encryptedPhones: false } as Parameters<typeof generateOrders>[0]).map((o) =>
  toOrderRow(o.record, o.account_id, 'x'),
);
const base = douyinLife.streams[0] as LoadTarget;
const withRaw = (type: 'json' | 'jsonb'): LoadTarget => ({ ...base, columns: base.columns.map((c) => (c.name === 'raw_data' ? { ...c, type } : c)) });

/** The loader before: the page as one JSON array through jsonb_to_recordset (or json_to_recordset). */
function recordsetSql(t: LoadTarget, fn: 'jsonb' | 'json'): string {
  const id = (n: string) => `"${n}"`;
  const cols = t.columns.map((c) => id(c.name));
  const compared = t.columns.filter((c) => !t.primaryKey.includes(c.name));
  const cmp = (a: string) => compared.map((c) => (c.type === 'json' ? `${a}.${id(c.name)}::text` : `${a}.${id(c.name)}`)).join(', ');
  return `INSERT INTO douyin_life_orders AS t (${cols.join(', ')})
    SELECT ${cols.join(', ')} FROM ${fn}_to_recordset($1::${fn}) AS r(${t.columns.map((c) => `${id(c.name)} ${c.type}`).join(', ')})
    ON CONFLICT (order_id) DO UPDATE SET ${compared.map((c) => `${id(c.name)} = EXCLUDED.${id(c.name)}`).join(', ')}, synced_at = now()
    WHERE (${cmp('t')}) IS DISTINCT FROM (${cmp('EXCLUDED')})
    RETURNING (xmax = 0) AS inserted, t.order_id`;
}

type Way = { name: string; raw: 'json' | 'jsonb'; write(c: PoolClient, page: Record<string, unknown>[]): Promise<unknown> };
const unprepared = (c: PoolClient): PoolClient =>
  new Proxy(c, {
    get(target, prop) {
      if (prop === 'query') return (q: unknown, v?: unknown) => (q && typeof q === 'object' && 'name' in q && 'text' in q ? target.query((q as { text: string }).text, v as unknown[]) : target.query(q as never, v as never));
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
const ways: Way[] = [
  { name: 'recordset_jsonb_raw_jsonb', raw: 'jsonb', write: (c, p) => c.query(recordsetSql(withRaw('jsonb'), 'jsonb'), [JSON.stringify(p)]) },
  { name: 'recordset_jsonb_raw_json', raw: 'json', write: (c, p) => c.query(recordsetSql(withRaw('json'), 'jsonb'), [JSON.stringify(p)]) },
  { name: 'recordset_json_raw_json', raw: 'json', write: (c, p) => c.query(recordsetSql(withRaw('json'), 'json'), [JSON.stringify(p)]) },
  { name: 'copy_raw_jsonb', raw: 'jsonb', write: (c, p) => upsertRows(c, withRaw('jsonb'), p) },
  { name: 'copy_raw_json_unprepared', raw: 'json', write: (c, p) => upsertRows(unprepared(c), withRaw('json'), p) },
  { name: 'copy_raw_json', raw: 'json', write: (c, p) => upsertRows(c, withRaw('json'), p) },
];

const cpu = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) / 100;
};

const db = await benchDatabase();
try {
  const wanted = process.argv.slice(2);
  for (const way of ways.filter((w) => !wanted.length || wanted.includes(w.name))) {
    await db.pool.query(`TRUNCATE douyin_life_orders`);
    await db.pool.query(`ALTER TABLE douyin_life_orders ALTER COLUMN raw_data TYPE ${way.raw} USING raw_data::${way.raw}`);
    const c = await db.pool.connect();
    try {
      const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      for (const phase of ['load', 'resync'] as const) {
        const c0 = cpu(pid);
        const t0 = performance.now();
        for (let i = 0; i < rows.length; i += PAGE) {
          await c.query('BEGIN; SET LOCAL synchronous_commit TO OFF');
          await way.write(c, rows.slice(i, i + PAGE));
          await c.query('COMMIT');
        }
        const ms = performance.now() - t0;
        report(`ways_${way.name}_${phase}_pg`, ((cpu(pid) - c0) / rows.length) * 1e6, 'us/row', 1);
        report(`ways_${way.name}_${phase}_wall`, (ms * 1000) / rows.length, 'us/row', 1);
      }
    } finally {
      c.release(true);
    }
  }
} finally {
  await db.drop();
}
process.exit(0);
