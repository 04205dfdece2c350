// Excel import speed and memory (`npm run bench -- excel`). Generates realistic 售卖明细
// exports of 12k and 100k rows under bench/out/ (kept between runs), then measures from one
// run: the parse-only rate (streaming read + row conversion, no database), the full import
// rate (the same plus COPY and the upsert, in one transaction), their ratio, and the peak RSS
// of the 100k import. Goals: ratio >= 0.85, peak RSS <= 400 MB.
// No forced garbage collections between the passes (the service never forces one): after a
// global.gc(), V8 threw away the XML parser's optimised code ("weak objects") and the code it
// compiled again ran at half speed for the rest of the process, in every run. Without them the
// peak RSS figure can only be higher (what earlier passes left is not cleared first).
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configFrom } from '../src/config.js';
import { checkWorkbookFile, fileSource } from '../src/excel/file-check.js';
import { importExcel } from '../src/excel/import-service.js';
import { readReport, type SheetNote } from '../src/excel/report-rows.js';
import { typeFromFileName } from '../src/excel/report-types.js';
import { readWorkbookModel } from '../src/excel/sheet-names.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { benchDatabase, report, rssSampler } from './support.js';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');

async function ensureFile(rows: number): Promise<string> {
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `售卖明细_bench_${rows}.xlsx`);
  // Generated in a child process, so writing the workbook does not count in this one's RSS.
  if (!existsSync(file)) {
    const res = spawnSync(process.execPath, ['--import', 'tsx', '-e', `import('${pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'excel-workbook.ts')).href}').then((m) => m.writeSalesWorkbook(${JSON.stringify(file)}, ${rows}))`], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`could not generate ${file}`);
  }
  return file;
}

const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
let lastParseCpu = 0;

async function parseOnly(file: string): Promise<number> {
  const cpu = process.cpuUsage();
  const src = await fileSource(file);
  const entries = await checkWorkbookFile(src, { maxBytes: 2 ** 31, maxUncompressedBytes: 2 ** 33 });
  const workbookModel = await readWorkbookModel(src, entries);
  const started = performance.now();
  let rows = 0;
  const sheets: SheetNote[] = [];
  for await (const ev of readReport(src, { spec: typeFromFileName(path.basename(file)), sheets, workbookModel })) {
    if (ev.kind === 'row') rows++;
  }
  await src.close();
  lastParseCpu = cpuSeconds(process.cpuUsage(cpu));
  return rows / ((performance.now() - started) / 1000);
}

export async function run(): Promise<void> {
  const files = { '12k': await ensureFile(12_000), '100k': await ensureFile(100_000) };
  const db = await benchDatabase();
  const services = {
    config: configFrom({ MAX_IMPORT_MB: 500, MAX_IMPORT_UNCOMPRESSED_MB: 4096 }),
    log: createLogger('warn', { pretty: false }),
    pool: db.pool,
    metrics: createMetrics(),
  };
  try {
    for (const [label, file] of Object.entries(files)) {
      const parseBefore = await parseOnly(file);
      await db.pool.query('TRUNCATE orders_excel, excel_imports');
      const rss = rssSampler();
      rss.start();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const s = await importExcel(services, { source: 'cli', fileName: path.basename(file), path: file });
      const importRate = s.rowsRead / ((performance.now() - started) / 1000);
      const peak = rss.stop();
      const importCpu = cpuSeconds(process.cpuUsage(cpu));
      if (s.inserted !== s.rowsRead) throw new Error(`bench import inserted ${s.inserted} of ${s.rowsRead} rows`);
      // Parsing measured before and after the import: on a shared machine the load drifts.
      const parseRate = (parseBefore + (await parseOnly(file))) / 2;
      report(`excel_parse_rate_${label}`, parseRate, 'rows/s', 0);
      report(`excel_import_rate_${label}`, importRate, 'rows/s', 0);
      report(`excel_ratio_${label}`, importRate / parseRate, 'x');
      if (label === '100k') report('excel_peak_rss_100k', peak, 'MB', 0);
      // Node CPU seconds: when the import's is close to parsing's, the wall-time gap is the
      // database competing for the same cores, not work the import adds in Node.
      process.stderr.write(`excel ${label}: read+COPY ${s.phases?.readMs} ms, upsert ${s.phases?.upsertMs} ms, total ${s.durationMs} ms; node cpu parse ${lastParseCpu.toFixed(1)} s, import ${importCpu.toFixed(1)} s\n`);
    }
  } finally {
    await db.drop();
  }
}

await run();
