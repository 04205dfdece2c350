// One PostgreSQL per test run: DATABASE_URL's server when set, else an embedded one.
// A template database gets the migrations once; each test file clones it (fast), and
// everything this run created is dropped at the end, so runs never see each other's data.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createPool } from '../../src/db/pool.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    runPrefix: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

let embedded: EmbeddedServer | undefined;

export default async function setup(project: TestProject) {
  let adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    adminUrl = withDatabase(adminUrl, 'postgres');
  } else {
    const port = await freePort();
    embedded = await startEmbeddedPostgres({ dataDir: path.resolve('.data/test-pg'), port });
    adminUrl = embedded.url;
  }
  const runPrefix = `tongbu_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const templateDb = `${runPrefix}_tpl`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${templateDb}"`);
  await admin.end();
  const pool = createPool(withDatabase(adminUrl, templateDb), 2);
  await migrate(pool);
  await pool.end();

  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);
  project.provide('runPrefix', runPrefix);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const dbs = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${runPrefix}%`]);
    for (const { datname } of dbs.rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
    await client.end();
    await embedded?.stop();
  };
}
