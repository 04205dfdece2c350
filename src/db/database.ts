import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { startEmbeddedPostgres, ensureDatabase } from './embedded.js';
import { migrate, pendingMigrations } from './migrate.js';
import { createPool, type Pool } from './pool.js';
import { TongbuError } from '../errors.js';

/** postgres://user:secret@host/db → postgres://user:***@host/db, for messages. */
export function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparsable DATABASE_URL)';
  }
}

export interface Database {
  pool: Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL under DATA_DIR/pg with a `tongbu`
 * database. Pending migrations are applied either way, unless `migrate: false` (the CLI's light
 * commands): then a schema behind this code is refused with DB_SCHEMA_BEHIND.
 */
export async function openDatabase(config: Config, log: Logger, opts: { migrate?: boolean } = {}): Promise<Database> {
  let url = config.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = path.join(config.DATA_DIR, 'pg');
    log.info({ dataDir, port: config.EMBEDDED_PG_PORT }, 'DATABASE_URL is not set: starting the embedded PostgreSQL');
    const server = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, log: (m) => log.debug({ pg: m.trim() }) });
    stopEmbedded = server.stop;
    url = await ensureDatabase(server.url, 'tongbu');
  }
  const pool = createPool(url, 20);
  try {
    await pool.query('SELECT 1').catch((e: Error) => {
      throw new TongbuError('DB_UNREACHABLE', `${withoutPassword(url as string)}: ${e.message}`, { cause: e });
    });
    if (opts.migrate === false) {
      const pending = await pendingMigrations(pool);
      if (pending.length) throw new TongbuError('DB_SCHEMA_BEHIND', `${pending.length} migration${pending.length > 1 ? 's' : ''} pending: ${pending.join(', ')}`);
    } else {
      const applied = await migrate(pool);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    await stopEmbedded?.();
    throw e;
  }
  return {
    pool,
    url,
    embedded: Boolean(stopEmbedded),
    close: async () => {
      await pool.end().catch(() => undefined);
      await stopEmbedded?.();
    },
  };
}
