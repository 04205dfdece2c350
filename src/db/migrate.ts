// Numbered SQL files in migrations/, each applied once in its own transaction and recorded
// in schema_migrations. An advisory lock makes replicas that start together take turns.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from './pool.js';

/**
 * migrations/ at the project's root, found upwards from this module's folder: src/db/ when run
 * from source, dist/ in a build (where the bundler put this code in a chunk).
 */
function findMigrationsDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 4; i++, dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'migrations', '001_core.sql'))) return path.join(dir, 'migrations');
  }
  return path.resolve(here, '../../migrations');
}

export const MIGRATIONS_DIR = findMigrationsDir();
const LOCK_KEY = 7_240_611; // arbitrary, fixed: "tongbu migrations"

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migration files, by number (names only: a read-only command's check needs no SQL). */
async function migrationFiles(dir: string): Promise<{ version: number; name: string }[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const out: { version: number; name: string }[] = [];
  for (const file of files) {
    const version = Number(file.split('_')[0]);
    if (out.some((m) => m.version === version)) throw new Error(`Two migrations share number ${version}: ${file}`);
    out.push({ version, name: file });
  }
  return out;
}

export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  return Promise.all((await migrationFiles(dir)).map(async (m) => ({ ...m, sql: await readFile(path.join(dir, m.name), 'utf8') })));
}

/** Apply pending migrations; returns the names applied. */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await listMigrations(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await client.query('COMMIT');
        applied.push(m.name);
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
  return applied;
}

/** Names of migrations not yet applied (for /readyz). */
export async function pendingMigrations(pool: Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await migrationFiles(dir);
  const exists = await pool.query(`SELECT to_regclass('schema_migrations') AS t`);
  if (!exists.rows[0]?.t) return migrations.map((m) => m.name);
  const done = new Set((await pool.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.name);
}
