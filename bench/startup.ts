// Start-up time and idle RSS of `tongbu serve`, run through tsx (how it ran before the build
// step) and compiled (node dist/cli.js, what npm start and the image run). Each variant starts
// several times against the same migrated database, alternating, and the median is reported:
//   bench: startup_ms.<variant> = … ms   spawn → "Tongbu is listening"
//   bench: startup_cpu_ms.<variant> = … ms  CPU time (user + system) the process used until then:
//                                         steadier than wall time on a shared machine
//   bench: idle_rss.<variant> = … MB     the process's RSS after BENCH_IDLE_MS idle
// and the compiled CLI (node bin/tongbu.js, as `npx tongbu` runs it), spawn → exit:
//   bench: cli_status_ms = … ms          `tongbu status` (the light path: a pool, no queue, no emulator)
//   bench: cli_help_ms = … ms            `tongbu help` (loading the command and connector lists)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { build, isStale } from '../bin/build.js';
import { benchDatabase, report } from './support.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5000);
const VARIANTS: Record<string, string[]> = {
  tsx: ['--import', 'tsx', 'src/cli.ts', 'serve'],
  compiled: ['dist/cli.js', 'serve'],
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** utime + stime of a process, in ms (from /proc; clock ticks are 100 per second on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Sample {
  startupMs: number;
  cpuMs: number;
  rssMb: number;
}

async function once(args: string[], databaseUrl: string): Promise<Sample> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', SANDBOX: 'auto', LOG_LEVEL: 'info', LOG_FORMAT: 'json', IMPORT_WATCH: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let out = '';
  let cpu = 0;
  const startupMs = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (!cpu && out.includes('Tongbu is listening')) {
        cpu = cpuMs(child.pid as number);
        resolve(performance.now() - t0);
      }
    });
    void exit.then((code) => reject(new Error(`exited (${code}) before listening: ${out}`)));
  });
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
  child.kill('SIGTERM');
  if ((await exit) !== 0) throw new Error(`did not stop cleanly: ${out}`);
  return { startupMs, cpuMs: cpu, rssMb: rssKb / 1024 };
}

/** Wall time of one CLI command, spawn → exit (it must succeed). */
async function cliOnce(args: string[], databaseUrl: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/tongbu.js', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, SANDBOX: 'auto', TONGBU_FROM_SOURCE: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`tongbu ${args.join(' ')} exited with ${code}`);
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  if (isStale()) await build();
  const db = await benchDatabase();
  try {
    await once(VARIANTS.compiled as string[], db.url); // warm-up: first runs, file cache
    const results: Record<string, Sample[]> = { tsx: [], compiled: [] };
    for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(VARIANTS)) results[name]?.push(await once(args, db.url));
    for (const [name, rs] of Object.entries(results)) {
      report(`startup_ms.${name}`, median(rs.map((r) => r.startupMs)), 'ms', 0);
      report(`startup_cpu_ms.${name}`, median(rs.map((r) => r.cpuMs)), 'ms', 0);
      report(`idle_rss.${name}`, median(rs.map((r) => r.rssMb)), 'MB', 1);
    }
    const cliRuns = Math.max(RUNS, 5);
    for (const [name, args] of [['cli_status_ms', ['status']], ['cli_help_ms', ['help']]] as const) {
      await cliOnce([...args], db.url); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < cliRuns; i++) ms.push(await cliOnce([...args], db.url));
      report(name, median(ms), 'ms', 0);
    }
  } finally {
    await db.drop();
  }
}

await run();
