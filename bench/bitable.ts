// Bench group `bitable`: 50,000 rows mirrored into the Feishu emulator with its documented limits
// (50 record writes/s per API, HTTP 429 above it; 500 records per batch as our writer uses), then
// a second mirror of the same, unchanged rows.
//   bitable_mirror_rows_per_s        achieved rows/s, from the first write to the last save
//   bitable_mirror_bound_rows_per_s  batch size × allowed batches/s = 500 × 50 = 25,000
//   bitable_mirror_ratio             the two divided (goal ≥ 0.9). The writer spaces its calls
//                                    evenly at the budget (one per 20.4 ms) with several in
//                                    flight, so 100 calls take at least 2.02 s: at most ~0.99.
//   bitable_busiest_second_calls     most batch_create calls the emulator saw in any one second
//                                    (≤ 50 means the budget held)
//   bitable_max_calls_in_flight      most batch_create calls the writer had in flight at once
//   bitable_write_conflicts / bitable_429s  calls answered 1254291 (two writes overlapped on the
//                                    base in the emulator) or 429 (over the rate limit): retried
//   bitable_lost / bitable_duplicated  records missing / present more than once (goal 0)
//   bitable_second_mirror_api_calls  calls spent re-mirroring unchanged rows (goal 0)
//   bitable_bare_call_ms             one batch_create of 500 records with no database work: above
//                                    20 ms no writer can reach the bound on this machine, and
//   bitable_mirror_ratio_vs_bare_calls  compares with what bare serial calls allow instead
//   bitable_{writer,emulator,postgres,machine}_cpu_ms_per_call  CPU per batch_create call during
//                                    the first pass: the writer's process, the emulator's, the
//                                    bench database's backends, and every core of the machine
// The emulator's row limit is raised to 100,000 for this run: the documented 20,000 rows per
// table would stop at 20,000 (and that limit has its own test). Table creation happens before
// the clock starts; writes hold the base for 2 ms in the emulator.
import * as lark from '@larksuiteoapi/node-sdk';
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configFrom } from '../src/config.js';
import { createMirrorHook } from '../src/mirror/outbox.js';
import { startMirrorWriter } from '../src/mirror/writer.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import type { Services } from '../src/services.js';
import { createBenchTable, enqueueBenchRows } from './bitable-table.js';
import { benchDatabase, ownPostgresCpu, report } from './support.js';

const ROWS = Number(process.env.BENCH_BITABLE_ROWS ?? 50_000);
const BATCH = 500;
const WRITES_PER_SECOND = 50;
const APP_TOKEN = 'bascnBenchBase000001';

interface EmulatorReport {
  keys: string[];
  status429: number;
  conflicts: number;
  /** Arrival times (ms) of the batch_create calls since the last report. */
  writeTimes: number[];
  /** The emulator process's CPU time so far (ms). */
  cpuMs: number;
}

/** Busy CPU time of the whole machine (all cores, ms) from /proc/stat; 0 where there is none. */
function systemCpuMs(): number {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    return ((f.reduce((a, b) => a + b, 0) - idle) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** The emulator in a child process (bench/bitable-emulator.ts). */
async function startEmulator(opts: Record<string, unknown>) {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'bitable-emulator.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BITABLE_EMULATOR_OPTIONS: JSON.stringify(opts) },
  });
  const ready = await new Promise<{ baseUrl: string; appId: string; appSecret: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { baseUrl: string; appId: string; appSecret: string }));
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    ...ready,
    report: () =>
      new Promise<EmulatorReport>((resolve) => {
        child.once('message', (m) => resolve(m as EmulatorReport));
        child.send('report');
      }),
    stop: () => child.send('stop'),
  };
}

export async function run(): Promise<void> {
  const db = await benchDatabase();
  const emu = await startEmulator({ apps: [APP_TOKEN], rowLimit: 100_000, writeDelayMs: 2, writesPerSecond: WRITES_PER_SECOND, table: '基准日报', keyField: '记录键' });
  try {
    const mappings = [await createBenchTable(db.pool)];
    const config = configFrom({ BITABLE_APP_TOKEN: APP_TOKEN, BITABLE_WRITES_PER_SECOND: WRITES_PER_SECOND, BITABLE_BATCH_SIZE: BATCH });
    const metrics = createMetrics();
    const services: Services = { config, log: createLogger('warn', { pretty: false }), pool: db.pool, metrics };
    let calls = 0;
    const bareMs: number[] = [];
    const client = new lark.Client({ appId: emu.appId, appSecret: emu.appSecret, domain: emu.baseUrl, loggerLevel: lark.LoggerLevel.error });
    // Count the batch_create calls in flight (the writer's client, not the bare calls below).
    const writerClient = new lark.Client({ appId: emu.appId, appSecret: emu.appSecret, domain: emu.baseUrl, loggerLevel: lark.LoggerLevel.error });
    const records = writerClient.bitable.v1.appTableRecord;
    const batchCreate = records.batchCreate.bind(records);
    let inFlight = 0;
    let mostInFlight = 0;
    records.batchCreate = (async (...args: Parameters<typeof batchCreate>) => {
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        return await batchCreate(...args);
      } finally {
        inFlight -= 1;
      }
    }) as typeof records.batchCreate;
    const writer = startMirrorWriter(services, writerClient, { mappings, loop: false, countCall: () => (calls += 1) });
    const hook = createMirrorHook(config, mappings);

    // Table and fields first (not timed): an empty pass creates them.
    await writer.drainOnce();

    // What one bare batch_create of 500 records costs on this machine, with no database work at
    // all: when it exceeds 1000/50 = 20 ms, the bound cannot be reached here by any writer.
    const scratch = await client.bitable.v1.appTable.create({
      path: { app_token: APP_TOKEN },
      data: { table: { name: 'scratch', fields: [{ field_name: '时间', type: 5 }, { field_name: '单元ID', type: 1 }, { field_name: '单元名称', type: 1 }, { field_name: '消耗(元)', type: 2 }, { field_name: '转化数', type: 2 }, { field_name: '记录键', type: 1 }] } },
    });
    const sample = Array.from({ length: BATCH }, (_, i) => ({ fields: { 时间: 1767196800000, 单元ID: `u${i}`, 单元名称: `单元 ${i}`, '消耗(元)': i / 100, 转化数: i % 17, 记录键: `2026-01-01|1835880409219083|u${i}` } }));
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 21)); // stay under the rate limit
      const t = performance.now();
      await client.bitable.v1.appTableRecord.batchCreate({ path: { app_token: APP_TOKEN, table_id: scratch.data?.table_id as string }, params: { client_token: `bare-${i}` }, data: { records: sample as never } });
      bareMs.push(performance.now() - t);
    }
    await new Promise((r) => setTimeout(r, 1100)); // let the emulator's one-second window empty

    // The loader's part: upsert 50k rows over 25 days and queue them in the same transaction.
    const enqueueAll = () => enqueueBenchRows(db.pool, hook, ROWS);
    await enqueueAll();

    const emuCpu0 = (await emu.report()).cpuMs;
    const pgCpu = ownPostgresCpu(db.pool);
    await pgCpu.start();
    const callsBefore = calls;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const sys0 = systemCpuMs();
    const first = await writer.drainOnce();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const sysMs = systemCpuMs() - sys0;
    const pgMs = (await pgCpu.stop()).backends * 1000;
    const rowsPerS = first.created / seconds;
    const bound = BATCH * WRITES_PER_SECOND;

    const seen = await emu.report();
    // The most batch_create calls that arrived within any one second: the budget held if ≤ 50.
    const times = seen.writeTimes.sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] as number) - (times[j] as number) >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const keys = new Set(seen.keys);
    const lost = ROWS - keys.size;
    const duplicated = seen.keys.length - keys.size;

    // Second mirror: the same rows queued again, unchanged.
    await enqueueAll();
    const callsMid = calls;
    const second = await writer.drainOnce();
    const secondCalls = calls - callsMid;

    report('bitable_bare_call_ms', bareMs.reduce((a, b) => a + b, 0) / bareMs.length, 'ms', 1);
    report('bitable_mirror_rows_per_s', rowsPerS, 'rows/s', 0);
    report('bitable_mirror_bound_rows_per_s', bound, 'rows/s', 0);
    report('bitable_mirror_ratio', rowsPerS / bound, 'ratio', 3);
    // Against what this machine allows: one bare call at a time, never more than 50/s.
    const bareMean = bareMs.reduce((a, b) => a + b, 0) / bareMs.length;
    report('bitable_mirror_ratio_vs_bare_calls', rowsPerS / (BATCH * Math.min(WRITES_PER_SECOND, 1000 / bareMean)), 'ratio', 3);
    // CPU of the writer's process and of the whole machine (both cores) during the first pass.
    report('bitable_writer_cpu_ms_per_call', (cpu.user + cpu.system) / 1000 / Math.max(1, callsMid - callsBefore), 'ms', 1);
    report('bitable_emulator_cpu_ms_per_call', (seen.cpuMs - emuCpu0) / Math.max(1, callsMid - callsBefore), 'ms', 1);
    report('bitable_postgres_cpu_ms_per_call', pgMs / Math.max(1, callsMid - callsBefore), 'ms', 1);
    report('bitable_machine_cpu_ms_per_call', sysMs / Math.max(1, callsMid - callsBefore), 'ms', 1);
    report('bitable_machine_cpu_busy', sysMs / (seconds * 1000 * cpus().length), 'ratio', 2);
    report('bitable_busiest_second_calls', busiest, 'calls', 0);
    report('bitable_max_calls_in_flight', mostInFlight, 'calls', 0);
    report('bitable_write_conflicts', seen.conflicts, 'calls', 0);
    report('bitable_429s', seen.status429, 'calls', 0);
    report('bitable_lost', lost, 'records', 0);
    report('bitable_duplicated', duplicated, 'records', 0);
    report('bitable_second_mirror_api_calls', secondCalls, 'calls', 0);
    process.stderr.write(
      `bitable: first pass ${first.created} created in ${seconds.toFixed(2)} s with ${callsMid - callsBefore} calls (${seen.status429} answered 429, ${seen.conflicts} write conflicts); second pass ${second.unchanged} unchanged\n`,
    );
    await writer.stop();
  } finally {
    emu.stop();
    await db.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
