// Ctrl-C and SIGTERM end the service calmly: the embedded PostgreSQL (DATABASE_URL unset) is
// the service's own, outside the terminal's process group, and the service stops it after its
// own work is closed. No error entries, no postgres left behind, and a restart is ready at once.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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

interface Service {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

describe('service signals, with the embedded PostgreSQL', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tongbu-signals-'));
    await chmod(dir, 0o755); // as root, postgres runs as the postgres user and must reach it
    env = {
      ...process.env,
      DATABASE_URL: '',
      DB_URL: '',
      DATA_DIR: dir,
      IMPORT_DIR: path.join(dir, 'import'),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX: 'auto',
      LOG_LEVEL: 'debug', // postgres's own lines too: a restart must not need recovery
      LOG_FORMAT: 'json',
      DOUYIN_LIFE_CLIENT_KEY: '',
      FEISHU_APP_ID: '',
      OCEANENGINE_APP_ID: '',
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  /** Started in its own process group, as a terminal starts a foreground job. */
  async function start(): Promise<Service> {
    const child = spawn(process.execPath, ['bin/tongbu.js', 'serve'], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (c) => (out += c));
    child.stderr?.on('data', (c) => (out += c));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const address = await new Promise<string>((resolve, reject) => {
      const t = setInterval(() => {
        const m = out.match(/"address":"(http:\/\/[^"]+)".*Tongbu is listening/);
        if (m) {
          clearInterval(t);
          resolve(m[1] as string);
        }
      }, 50);
      void exit.then((code) => {
        clearInterval(t);
        reject(new Error(`exited early (${code}): ${out}`));
      });
    });
    const ready = await fetch(`${address}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
    return { child, output: () => out, exit };
  }

  function postgresLeft(): string[] {
    const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
    return ps.filter((l) => l.includes(path.join(dir, 'pg')) && !l.includes('vitest'));
  }

  function expectCalmStop(out: string, signal: string) {
    const entries = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; msg: string; pg?: string });
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
    expect(entries.filter((e) => e.level === 40 && /job queue|terminating connection/.test(e.msg))).toEqual([]);
    expect(out).not.toMatch(/terminating connection due to administrator command|processID|secretKey|_queryQueue/);
    const msgs = entries.map((e) => e.msg);
    expect(msgs).toContain('shutting down: finishing the page in flight');
    expect(msgs.some((m) => /^stopped in \d+ ms$/.test(m))).toBe(true);
    expect(out).toContain(`"signal":"${signal}"`);
    // The server was stopped by the service: once, after the service's connections were gone.
    const pg = entries.map((e) => e.pg ?? '').join('\n');
    expect(pg).toMatch(/received smart shutdown request/);
    expect(pg).toMatch(/database system is shut down/);
  }

  it('Ctrl-C (SIGINT to the whole process group): exit 0, calm lines, no postgres left, restart ready at once', async () => {
    const first = await start();
    process.kill(-(first.child.pid as number), 'SIGINT');
    expect(await first.exit).toBe(0);
    expectCalmStop(first.output(), 'SIGINT');
    expect(postgresLeft()).toEqual([]);
    expect(existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);

    // A restart on the same data: the server was shut down cleanly, no recovery needed.
    const second = await start();
    expect(second.output()).toMatch(/database system was shut down at/);
    expect(second.output()).not.toMatch(/not properly shut down|automatic recovery|interrupted/);
    process.kill(-(second.child.pid as number), 'SIGINT');
    expect(await second.exit).toBe(0);
    expectCalmStop(second.output(), 'SIGINT');
  }, 240_000);

  it('SIGTERM to the service alone: the same calm stop, and the server goes with it', async () => {
    const svc = await start();
    svc.child.kill('SIGTERM');
    expect(await svc.exit).toBe(0);
    expectCalmStop(svc.output(), 'SIGTERM');
    expect(postgresLeft()).toEqual([]);
    expect(existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 240_000);

  it('a service killed outright (SIGKILL) does not leave its server behind, and the next start is ready', async () => {
    const svc = await start();
    svc.child.kill('SIGKILL');
    await svc.exit;
    for (let i = 0; i < 100 && postgresLeft().length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(postgresLeft()).toEqual([]);
    const next = await start();
    next.child.kill('SIGTERM');
    expect(await next.exit).toBe(0);
  }, 240_000);
});
