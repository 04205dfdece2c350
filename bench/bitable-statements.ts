// The Bitable writer's PostgreSQL statements, measured as the CPU of the one backend that runs
// them (from /proc/<pid>/schedstat, Linux and a local server), per 500-record batch_create:
// planning a chunk of the outbox, saving the batch before its call, the lost-lock check, and
// saving the outcome (with made-up record ids: no emulator, no HTTP). 50,000 rows of the bitable
// group's table, queued by the loader's hook; two passes, the second on a warm cache. Not part
// of `npm run bench`:
//   DATABASE_URL=… npx tsx bench/bitable-statements.ts
import { readFileSync } from 'node:fs';
import { configFrom } from '../src/config.js';
import { createPool } from '../src/db/pool.js';
import { outboxSelectSql, planChunk, type ReadyMapping } from '../src/mirror/drain-plan.js';
import { createMirrorHook } from '../src/mirror/outbox.js';
import { saveCreated } from '../src/mirror/record-map.js';
import { createBatches, saveBatch } from '../src/mirror/saved-batches.js';
import { describeSource } from '../src/mirror/source.js';
import { createBenchTable, enqueueBenchRows } from './bitable-table.js';
import { benchDatabase } from './support.js';

const ROWS = 50_000;
const BATCH = 500;
const TABLE_ID = 'tblBenchStatements';

const db = await benchDatabase();
try {
  const m = await createBenchTable(db.pool);
  const hook = createMirrorHook(configFrom({ BITABLE_APP_TOKEN: 'bascnBenchStatements' }), [m]);
  const enqueueAll = () => enqueueBenchRows(db.pool, hook, ROWS);

  // One connection, so one backend does every statement measured.
  const pool = createPool(db.url, 1);
  try {
    const pid = (await pool.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]?.p;
    const cpuNs = () => Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]);
    const info = await describeSource(pool, m);
    const ready = { target: { tableId: TABLE_ID, appToken: 'bascnBenchStatements' }, info, selectSql: outboxSelectSql(m, info, 'Asia/Shanghai') } as unknown as ReadyMapping;
    for (const pass of [1, 2]) {
      await pool.query('DELETE FROM bitable_records');
      await enqueueAll();
      await pool.query('VACUUM ANALYZE bitable_outbox');
      await pool.query('VACUUM ANALYZE bitable_records');
      const ns = { plan: 0, save: 0, lockCheck: 0, outcome: 0 };
      let cursor = 0;
      let calls = 0;
      let recordNo = 0;
      const timed = async (part: keyof typeof ns, fn: () => Promise<unknown>) => {
        const before = cpuNs();
        await fn();
        ns[part] += cpuNs() - before;
      };
      for (;;) {
        let plan: Awaited<ReturnType<typeof planChunk>> | undefined;
        await timed('plan', async () => (plan = await planChunk(pool, m, ready, cursor, BATCH)));
        if (!plan?.count) break;
        cursor = plan.maxId;
        for (const b of createBatches(plan.creates, BATCH)) {
          await timed('save', () => saveBatch(pool, m, TABLE_ID, b));
          // The statement base-lock.ts runs before each call (the lock itself is not taken here).
          await timed('lockCheck', () =>
            pool.query(`SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND objsubid = 2 AND granted) AS ok`),
          );
          const ids = b.items.map(() => `rec${(recordNo++).toString(36).padStart(10, '0')}`);
          await timed('outcome', () => saveCreated(pool, m.name, TABLE_ID, b.items, ids, b.token));
          calls++;
        }
      }
      const ms = (v: number) => (v / calls / 1e6).toFixed(2);
      process.stdout.write(
        `pass ${pass}, per ${BATCH}-record call (${calls} calls): plan ${ms(ns.plan)} ms, save batch ${ms(ns.save)} ms, lock check ${ms(ns.lockCheck)} ms, outcome ${ms(ns.outcome)} ms, total ${ms(ns.plan + ns.save + ns.lockCheck + ns.outcome)} ms\n`,
      );
    }
  } finally {
    await pool.end();
  }
} finally {
  await db.drop();
}
