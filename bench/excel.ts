// Excel import speed and memory (`npm run bench -- excel`). Generates realistic 售卖明细
// exports (20 columns) of 100k and 300k rows, and a CSV twin of the 100k one, under bench/out/
// (kept between runs), then measures in one run:
// - the seeds' reader: openpyxl in read-only mode on the 100k file (Debian's python3-openpyxl,
//   /usr/bin/python3; skipped with a note when it is not installed);
// - parse only (streaming read + row conversion, no database) and the full import (the same
//   plus COPY and the upsert, in one transaction), their ratio, and the import's peak RSS,
//   at 100k and at 300k rows and for the CSV twin, each in a child process of its own so its
//   RSS is its own. The child runs this file bundled by esbuild as the build bundles src/
//   (node_modules/.cache/tongbu-bench/) under plain node, so its RSS is that of the production code,
//   not of tsx's loader and the TypeScript it compiles (about 45 MB more);
// - the running service (bin/tongbu.js serve): its RSS at idle and its rise while it imports
//   the 100k file uploaded to POST /api/imports.
// Goals: import >= 4x openpyxl, import / parse >= 0.85, peak RSS <= 150 MB (100k and 300k),
// service RSS rise <= 100 MB. The machine is shared: compare ratios taken in one run.
// No forced garbage collections between the passes (the service never forces one).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configFrom } from '../src/config.js';
import { checkImportFile, fileSource } from '../src/excel/file-check.js';
import { importExcel } from '../src/excel/import-service.js';
import { readReport, type SheetNote, type SheetSource } from '../src/excel/report-rows.js';
import { typeFromFileName } from '../src/excel/report-types.js';
import { readWorkbookModel } from '../src/excel/sheet-names.js';
import { xlsxSheets } from '../src/excel/xlsx-sheets.js';
import { csvSheet, detectCsvEncoding } from '../src/excel/csv-rows.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { benchDatabase, report, rssSampler } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const PYTHON = '/usr/bin/python3';

async function ensureFile(rows: number, kind: 'xlsx' | 'csv' = 'xlsx'): Promise<string> {
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `售卖明细_bench20_${rows}.${kind}`);
  // Generated in a child process, so writing the workbook does not count in this one's RSS.
  if (!existsSync(file)) {
    const fn = kind === 'xlsx' ? 'writeSalesWorkbook' : 'writeSalesCsv';
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${pathToFileURL(path.join(here, 'excel-workbook.ts')).href}').then((m) => m.${fn}(${JSON.stringify(file)}, ${rows}))`], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`could not generate ${file}`);
  }
  return file;
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
let lastParseCpu = 0;

async function parseOnly(file: string): Promise<number> {
  const cpu = process.cpuUsage();
  const src = await fileSource(file);
  const started = performance.now();
  const format = await checkImportFile(src, { maxBytes: 2 ** 31, maxUncompressedBytes: 2 ** 33 }, file);
  let sheets: SheetSource[];
  if (format.kind === 'xlsx') sheets = await xlsxSheets(src, await readWorkbookModel(src, format.entries));
  else sheets = [csvSheet(src, '售卖明细', await detectCsvEncoding(src))];
  let rows = 0;
  const notes: SheetNote[] = [];
  for await (const ev of readReport(sheets, { spec: typeFromFileName(path.basename(file)), sheets: notes })) {
    if (ev.kind === 'row') rows++;
  }
  await src.close();
  lastParseCpu = cpuSeconds(process.cpuUsage(cpu));
  return rows / ((performance.now() - started) / 1000);
}

// The seeds' reader: openpyxl, read-only mode, every cell's value of every row.
const OPENPYXL = `
import sys, time
import openpyxl
t = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        n += 1
print(n, time.perf_counter() - t)
`;

/** openpyxl's rows/s on the file (data rows: all rows less the 说明 sheet, title and header), or undefined. */
function openpyxlRate(file: string, dataRows: number): number | undefined {
  if (!existsSync(PYTHON)) {
    process.stdout.write(`bench: skipped the openpyxl comparison: ${PYTHON} is missing (apt-get install python3-openpyxl)\n`);
    return undefined;
  }
  const res = spawnSync(PYTHON, ['-c', OPENPYXL, file], { encoding: 'utf8' });
  if (res.status !== 0) {
    process.stdout.write(`bench: skipped the openpyxl comparison: ${(res.stderr || '').trim().split('\n').at(-1)} (apt-get install python3-openpyxl)\n`);
    return undefined;
  }
  const [, seconds] = res.stdout.trim().split(/\s+/).map(Number) as [number, number];
  return dataRows / seconds;
}

/**
 * One file's parse-only and import passes, in a child process of its own (`--size N [--csv]`),
 * so its peak RSS is its own: RSS that an earlier pass left behind is never given back.
 */
async function measureSize(rows: number, kind: 'xlsx' | 'csv', file: string): Promise<void> {
  const label = `${kind === 'csv' ? 'csv_' : ''}${rows / 1000}k`;
  const db = await benchDatabase();
  const services = {
    config: configFrom({ MAX_IMPORT_MB: 500, MAX_IMPORT_UNCOMPRESSED_MB: 4096 }),
    log: createLogger('warn', { pretty: false }),
    pool: db.pool,
    metrics: createMetrics(),
  };
  try {
    // The import first, so its peak RSS holds nothing a parse pass left behind (RSS is seldom
    // given back); parsing is measured twice after it and averaged (the load drifts).
    const baseRss = process.memoryUsage().rss / 1024 / 1024;
    const rss = rssSampler();
    rss.start();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const s = await importExcel(services, { source: 'cli', fileName: path.basename(file), path: file });
    const rate = s.rowsRead / ((performance.now() - started) / 1000);
    const peak = rss.stop();
    const importCpu = cpuSeconds(process.cpuUsage(cpu));
    if (s.inserted !== s.rowsRead || s.rowsRead !== rows) throw new Error(`bench import of ${file} inserted ${s.inserted} of ${s.rowsRead} rows`);
    const parseRate = ((await parseOnly(file)) + (await parseOnly(file))) / 2;
    report(`excel_parse_rate_${label}`, parseRate, 'rows/s', 0);
    report(`excel_import_rate_${label}`, rate, 'rows/s', 0);
    report(`excel_ratio_${label}`, rate / parseRate, 'x');
    report(`excel_peak_rss_${label}`, peak, 'MB', 0);
    report(`excel_rss_before_import_${label}`, baseRss, 'MB', 0);
    process.stderr.write(`excel ${label}: read+COPY ${s.phases?.readMs} ms, upsert ${s.phases?.upsertMs} ms, total ${s.durationMs} ms; node cpu parse ${lastParseCpu.toFixed(1)} s, import ${importCpu.toFixed(1)} s\n`);
    if (rows === 100_000 && kind === 'xlsx') {
      // The seeds' reader right after, on the same file: the two rates side by side.
      const py = openpyxlRate(file, rows);
      if (py !== undefined) {
        report(`excel_openpyxl_rate_${label}`, py, 'rows/s', 0);
        report(`excel_import_vs_openpyxl_${label}`, rate / py, 'x');
      }
    }
  } finally {
    await db.drop();
  }
}

function vmRssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** The service as deployed (bin/tongbu.js serve): idle RSS, then its peak while it imports an upload. */
async function measureService(rows: number): Promise<void> {
  const file = await ensureFile(rows);
  const db = await benchDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-bench-svc-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const token = 'bench-admin-token-0123456789';
  const child = spawn(process.execPath, [path.resolve(here, '../bin/tongbu.js'), 'serve'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', ADMIN_TOKEN: token, SANDBOX: 'off', IMPORT_WATCH: 'false', LOG_LEVEL: 'warn', DATA_DIR: dataDir, MAX_IMPORT_MB: '200' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 1200) throw new Error('the service did not become ready in 2 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 3000)); // settle after start-up
    const idle = vmRssMb(child.pid as number);
    let peak = idle;
    const timer = setInterval(() => (peak = Math.max(peak, vmRssMb(child.pid as number))), 20);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(file)]), path.basename(file));
    const started = performance.now();
    const res = await fetch(`${base}/api/imports`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { rowsRead?: number; inserted?: number };
    const seconds = (performance.now() - started) / 1000;
    clearInterval(timer);
    peak = Math.max(peak, vmRssMb(child.pid as number));
    if (res.status !== 200 || body.inserted !== rows) throw new Error(`service import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    report('excel_service_idle_rss', idle, 'MB', 0);
    report(`excel_service_peak_rss_${rows / 1000}k`, peak, 'MB', 0);
    report(`excel_service_rss_rise_${rows / 1000}k`, peak - idle, 'MB', 0);
    report(`excel_service_import_rate_${rows / 1000}k`, rows / seconds, 'rows/s', 0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** This file as one ES module for plain node, bundled with the build's settings (bin/build.js). */
async function bundleChild(): Promise<string> {
  const esbuild = await import('esbuild');
  // The packages the build leaves in node_modules (bin/build.d.ts does not declare the list).
  const { EXTERNAL } = (await import('../bin/build.js')) as unknown as { EXTERNAL: string[] };
  // Under node_modules/.cache: outside the linted tree, and node_modules resolves from there.
  const outfile = path.resolve(here, '../node_modules/.cache/tongbu-bench/excel-child.mjs');
  await esbuild.build({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    keepNames: true,
    external: [...EXTERNAL, 'esbuild'],
    banner: { js: "import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

export async function run(): Promise<void> {
  const sizes = (process.env.BENCH_EXCEL_ROWS ?? '100000,300000').split(',').map(Number);
  const passes: [number, 'xlsx' | 'csv'][] = [...sizes.map((n): [number, 'xlsx'] => [n, 'xlsx']), ...(sizes.includes(100_000) ? [[100_000, 'csv'] as [number, 'csv']] : [])];
  const figures = new Map<string, number>();
  mkdirSync(out, { recursive: true });
  const child = await bundleChild();
  for (const [rows, kind] of passes) {
    const file = await ensureFile(rows, kind);
    const res = spawnSync(process.execPath, [child, '--size', String(rows), '--file', file, ...(kind === 'csv' ? ['--csv'] : [])], { stdio: ['inherit', 'pipe', 'inherit'], env: process.env, encoding: 'utf8' });
    process.stdout.write(res.stdout);
    for (const m of res.stdout.matchAll(/^bench: (\S+) = ([\d.]+)/gm)) figures.set(m[1] as string, Number(m[2]));
    if (res.status !== 0) throw new Error(`excel bench at ${rows} rows (${kind}) failed`);
  }
  const csv = figures.get('excel_import_rate_csv_100k');
  const xlsx = figures.get('excel_import_rate_100k');
  if (csv && xlsx) report('excel_csv_vs_xlsx_100k', csv / xlsx, 'x');
  await measureService(100_000);
}

const sizeArg = process.argv.indexOf('--size');
if (sizeArg > 0) await measureSize(Number(process.argv[sizeArg + 1]), process.argv.includes('--csv') ? 'csv' : 'xlsx', process.argv[process.argv.indexOf('--file') + 1] as string);
else await run();
