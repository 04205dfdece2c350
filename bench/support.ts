// Shared by bench groups: a throwaway database, RSS sampling, and the output format.
import { randomBytes } from 'node:crypto';
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
