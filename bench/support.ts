// Shared by bench groups: a throwaway database, RSS sampling, and the output format.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { createPool, type Pool } from '../src/db/pool.js';

export function report(name: string, value: number, unit: string, digits = 2): void {
  process.stdout.write(`bench: ${name} = ${value.toFixed(digits)} ${unit}\n`);
}

/** Samples RSS every 20 ms; `peakMb()` is the highest seen since start(). */
export function rssSampler() {
  let peak = process.memoryUsage().rss;
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      peak = process.memoryUsage().rss;
      timer = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
    },
    stop() {
      if (timer) clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return peak / 1024 / 1024;
    },
  };
}

/** A migrated database on DATABASE_URL's server (or an embedded one), dropped by `drop()`. */
export async function benchDatabase(): Promise<{ pool: Pool; url: string; drop(): Promise<void> }> {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({ dataDir: path.resolve('.data/bench-pg'), port: 54339 });
    adminUrl = server.url;
    stopEmbedded = server.stop;
  }
  const name = `tongbu_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const pool = createPool(u.toString(), 10);
  await migrate(pool);
  return {
    pool,
    url: u.toString(),
    drop: async () => {
      await pool.end();
      // BENCH_KEEP_DATABASE=1 leaves it for a look afterwards (EXPLAIN on the bench's own rows).
      if (process.env.BENCH_KEEP_DATABASE === '1') {
        process.stderr.write(`bench database kept: ${name}\n`);
        await stopEmbedded?.();
        return;
      }
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
      await stopEmbedded?.();
    },
  };
}

/** CPU seconds used so far by a process (utime + stime), or undefined without /proc. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}
/** CPU seconds of every process named postgres on this machine (the local server's backends). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(pid)) ?? 0;
    } catch {
      /* gone */
    }
  }
  return total;
}
/**
 * CPU seconds of this benchmark's own PostgreSQL work: `backends`, the processes connected to its
 * database (autovacuum workers on it included); `background`, the server's WAL writer,
 * checkpointer and background writer, which serve every database on the server. The
 * machine-wide figure (every postgres process) also counts whatever other clients of the same
 * server do meanwhile, which on a shared machine can be more than the benchmark itself. Backends
 * are discovered every second (their pool keeps them for the run) and their last reading kept, so one that exits mid-run counts.
 */
export function ownPostgresCpu(pool: { query: (sql: string) => Promise<{ rows: { pid: number; own: boolean }[] }> }) {
  const first = new Map<number, number>();
  const last = new Map<number, { cpu: number; own: boolean }>();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const sample = async (initial: boolean) => {
    if (busy) return;
    busy = true;
    try {
      const r = await pool.query(
        `SELECT pid, datname IS NOT DISTINCT FROM current_database() AS own FROM pg_stat_activity
          WHERE datname = current_database() OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
      );
      for (const { pid, own } of r.rows) {
        const cpu = cpuSeconds(pid);
        if (cpu === undefined) continue;
        // A backend born after the start counts from zero: all of its CPU is this run's.
        if (!first.has(pid)) first.set(pid, initial ? cpu : 0);
        last.set(pid, { cpu, own });
      }
    } finally {
      busy = false;
    }
  };
  return {
    async start() {
      await sample(true);
      timer = setInterval(() => void sample(false).catch(() => undefined), 1000);
    },
    async stop(): Promise<{ backends: number; background: number }> {
      if (timer) clearInterval(timer);
      await sample(false);
      const out = { backends: 0, background: 0 };
      for (const [pid, { cpu, own }] of last) out[own ? 'backends' : 'background'] += cpu - (first.get(pid) ?? cpu);
      return out;
    },
  };
}
