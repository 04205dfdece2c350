// The service as a child process, for the chaos tests: `tongbu serve` with the test's settings,
// its output kept for diagnostics, waits on what it logs, SIGKILL and a fresh start.
import { spawn, type ChildProcess } from 'node:child_process';

export const CRASH_PATTERN = /Tongbu crashed|Unhandled 'error' event|unhandledRejection|uncaughtException|UnhandledPromiseRejection/;

export interface ServiceProcess {
  child: ChildProcess;
  /** The HTTP address once the service logs that it listens (rejects if it exits first). */
  address: Promise<string>;
  /** Everything the child wrote so far (stdout and stderr). */
  output(): string;
  /** The last `n` lines of its output (for failure messages). */
  tail(n?: number): string;
  /** Resolves when its output matches `pattern` (rejects on exit or after `ms`, with the tail). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `tongbu serve` with the test's environment on top of the process's own. */
export function startService(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ['bin/tongbu.js', 'serve'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c) => (out += c));
  child.stderr?.on('data', (c) => (out += c));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const tail = (n = 40) => out.split('\n').slice(-n).join('\n');
  const waitFor = (pattern: RegExp, ms = 60_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const t0 = Date.now();
      const onExit = (code: number | null) => {
        clearInterval(t);
        reject(new Error(`the service exited (${code}) before logging ${pattern}:\n${tail()}`));
      };
      const t = setInterval(() => {
        const m = pattern.exec(out);
        if (m) {
          clearInterval(t);
          child.off('exit', onExit);
          resolve(m);
        } else if (Date.now() - t0 > ms) {
          clearInterval(t);
          child.off('exit', onExit);
          reject(new Error(`timed out waiting for the service to log ${pattern}:\n${tail()}`));
        }
      }, 25);
      if (exited()) onExit(child.exitCode);
      else child.once('exit', onExit);
    });
  const address = waitFor(/"address":"(http:\/\/[^"]+)"[^\n]*Tongbu is listening/).then((m) => m[1] as string);
  address.catch(() => undefined);
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (exited()) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return { child, address, output: () => out, tail, waitFor, kill: () => ended('SIGKILL'), stop: () => ended('SIGTERM') };
}

/**
 * Poll `fn` until it returns something truthy; on timeout throw with `diagnose()` (the child's
 * last lines and whatever state the test shows).
 */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, diagnose: () => Promise<string> | string, ms = 90_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}\n${await Promise.resolve(diagnose()).catch((e: Error) => e.message)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Terminate the service's database connections (application_name is set on its pools). */
export async function terminateServiceConnections(pool: { query(sql: string): Promise<unknown> }): Promise<void> {
  await pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> ''`);
}

/** A small deterministic generator (mulberry32), so each seed picks the same fault points every time. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
