// One import of one export file, whichever door it came through (chat, folder, HTTP, CLI).
// The file is checked (format, size, zip bomb), recognised by its SHA-256 if it was imported
// before, streamed row by row into PostgreSQL, and recorded in the excel_imports ledger.
// The rows land in one transaction: a file is imported whole or not at all.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Services } from '../services.js';
import { isConnectionLost } from '../db/pool.js';
import { describeError, isTongbuError, TongbuError } from '../errors.js';
import { csvSheet, detectCsvEncoding } from './csv-rows.js';
import { bufferSource, checkImportFile, fileSource, type ByteSource, type CheckLimits } from './file-check.js';
import { BOOKING_STATES, typeFromFileName, type ReportSpec, type ReportType } from './report-types.js';
import { readReport, type RowProblem, type SheetNote, type SheetSource } from './report-rows.js';
import { readWorkbookModel } from './sheet-names.js';
import { StagingLoad } from './staging-load.js';
import { xlsxSheets } from './xlsx-sheets.js';
import { findDeclaredSheet, readSheetRows } from './declared-sheets.js';
import type { OpReport } from '../engine/types.js';

export type ImportSource = 'chat' | 'folder' | 'http' | 'cli';

export interface ImportRequest {
  source: ImportSource;
  fileName: string;
  /** The file on disk (folder, CLI) … */
  path?: string;
  /** … or its bytes (chat download, HTTP upload). */
  buffer?: Buffer;
  /** Who asked (a Feishu open_id, "admin-api", a user name); recorded in the ledger. */
  requestedBy?: string;
  /** Data rows read so far; called every PROGRESS_EVERY rows and once at the end. */
  onProgress?: (rowsRead: number) => void;
}

export interface SkipReason {
  reason: string;
  count: number;
}

export interface ImportSummary {
  importId?: number;
  fileName: string;
  source: ImportSource;
  sha256: string;
  type: ReportType;
  /** 售卖明细 | 旅行社预约明细 */
  typeLabel: string;
  table: string;
  /** Data rows read (empty rows and instruction sheets not counted). */
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  skippedReasons: SkipReason[];
  /** The first row problems, with sheet and row numbers. */
  errors: RowProblem[];
  emptyRows: number;
  sheets: SheetNote[];
  durationMs: number;
  /** Where the time went: reading the workbook (with COPY overlapped) and the final upsert. */
  phases?: { readMs: number; upsertMs: number };
  /** Set when the same file (same SHA-256) was imported before: nothing was changed. */
  alreadyImportedAt?: string;
}

const PROGRESS_EVERY = 1000;
const MAX_ERRORS_LISTED = 10;

async function sha256Of(req: ImportRequest): Promise<string> {
  const hash = createHash('sha256');
  if (req.buffer) return hash.update(req.buffer).digest('hex');
  for await (const chunk of createReadStream(req.path as string)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

interface LedgerRow {
  id: number;
  finished_at: Date;
  summary: ImportSummary | null;
}

async function findImported(services: Services, sha256: string): Promise<LedgerRow | undefined> {
  const res = await services.pool.query<LedgerRow>(`SELECT id, finished_at, summary FROM excel_imports WHERE sha256 = $1 AND status = 'succeeded'`, [sha256]);
  return res.rows[0];
}

function alreadyImported(req: ImportRequest, sha256: string, prior: LedgerRow, started: number): ImportSummary {
  const s = prior.summary;
  return {
    ...(s as ImportSummary),
    importId: prior.id,
    fileName: req.fileName,
    source: req.source,
    sha256,
    inserted: 0,
    updated: 0,
    unchanged: s?.rowsRead ?? 0,
    durationMs: Date.now() - started,
    alreadyImportedAt: prior.finished_at.toISOString(),
  };
}

/** The size limits every file is checked against before it is read (MAX_IMPORT_MB, MAX_IMPORT_UNCOMPRESSED_MB). */
function importLimits(config: Services['config']): CheckLimits {
  return { maxBytes: config.MAX_IMPORT_MB * 1024 * 1024, maxUncompressedBytes: config.MAX_IMPORT_UNCOMPRESSED_MB * 1024 * 1024 };
}

/**
 * Import one export. Resolves with the summary (also when the file was imported before:
 * `alreadyImportedAt` is set and nothing changed); rejects with a TongbuError naming the
 * problem when the file is refused, in which case nothing of it was imported.
 */
export async function importExcel(services: Services, req: ImportRequest): Promise<ImportSummary> {
  if (!req.buffer && !req.path) throw new TongbuError('EXCEL_NO_FILE', 'neither a path nor the file bytes were given');
  const started = Date.now();
  const startedAt = new Date(started);
  const log = services.log.child({ mod: 'excel-import', file: req.fileName, source: req.source });
  const { config } = services;
  let source: ByteSource;
  try {
    source = req.buffer ? bufferSource(req.buffer) : await fileSource(req.path as string);
  } catch (e) {
    throw new TongbuError('EXCEL_NO_FILE', `${req.path}: ${(e as Error).message}`, { cause: e });
  }
  const size = source.size;
  let sha256 = '';
  let spec: ReportSpec | undefined = typeFromFileName(req.fileName);
  try {
    // Hashed first (when not oversized) so the ledger can recognise a bad file sent again.
    if (size <= config.MAX_IMPORT_MB * 1024 * 1024) sha256 = await sha256Of(req);
    const format = await checkImportFile(source, importLimits(config), req.fileName);
    const src = source;
    let openSheets: () => Promise<SheetSource[]>;
    if (format.kind === 'xlsx') {
      const workbookModel = await readWorkbookModel(source, format.entries);
      openSheets = () => xlsxSheets(src, workbookModel);
    } else {
      const encoding = await detectCsvEncoding(source);
      openSheets = async () => [csvSheet(src, csvSheetName(req.fileName), encoding)];
    }
    const prior = await findImported(services, sha256);
    if (prior) {
      log.info({ importId: prior.id }, 'file was imported before; nothing changed');
      return alreadyImported(req, sha256, prior, started);
    }
    const result = await loadFile(services, req, openSheets, { sha256, spec, size, startedAt });
    if ('prior' in result) return alreadyImported(req, sha256, result.prior, started);
    for (const [k, v] of [['inserted', result.inserted], ['updated', result.updated], ['unchanged', result.unchanged], ['skipped', result.skipped]] as const) {
      if (v) services.metrics.rows.inc({ connector: 'excel', stream: result.type, result: k }, v);
    }
    log.info({ importId: result.importId, type: result.type, rows: result.rowsRead, inserted: result.inserted, updated: result.updated, ms: result.durationMs }, 'excel import done');
    return result;
  } catch (e) {
    // A cut database connection is neither the file's fault nor a bug: the transaction is rolled
    // back (nothing saved) and the file can simply be sent again.
    const err = isTongbuError(e) ? e : isConnectionLost(e) ? new TongbuError('EXCEL_INTERRUPTED', describeError(e).message, { cause: e }) : classifyParseError(e);
    spec = (e as { spec?: ReportSpec }).spec ?? spec;
    const d = describeError(err);
    log.warn({ code: d.code, err: d.message }, 'excel import failed');
    await services.pool
      .query(
        `INSERT INTO excel_imports (sha256, file_name, size_bytes, report_type, source, requested_by, status, error_code, error_message, started_at, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, 'failed', $7, $8, $9, $10)`,
        [sha256 || '-', req.fileName, size, spec?.type ?? null, req.source, req.requestedBy ?? null, d.code, d.message, startedAt, Date.now() - started],
      )
      .catch((le: unknown) =>
        // With the database gone this is expected (and said once above); anything else is worth an error.
        isConnectionLost(le) ? log.warn({ err: describeError(le).message }, 'could not record the failed import in excel_imports: database connection lost') : log.error({ err: le }, 'could not record the failed import in excel_imports'),
      );
    throw err;
  } finally {
    await source.close().catch(() => undefined);
  }
}

/**
 * A CSV holds one sheet, named after the file; a 旅行社预约明细 CSV says its booking state in its
 * name (旅行社预约明细_已预约.csv), since that is what the sheet names say in a workbook.
 */
function csvSheetName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return BOOKING_STATES.find((s) => base.includes(s)) ?? base;
}

/** Parser and zip failures mean a damaged workbook; database failures stay what they are. */
function classifyParseError(e: unknown): unknown {
  const err = e as { code?: unknown; message?: string; severity?: string };
  if (err && typeof err === 'object' && typeof err.severity === 'string') return e; // a PostgreSQL error
  if (err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) && err.code !== 'ERR_STREAM_PREMATURE_CLOSE') return e; // fs errors
  return new TongbuError('EXCEL_CORRUPT', err?.message ?? String(e), { cause: e });
}

async function loadFile(
  services: Services,
  req: ImportRequest,
  openSheets: () => Promise<SheetSource[]>,
  file: { sha256: string; spec: ReportSpec | undefined; size: number; startedAt: Date },
): Promise<ImportSummary | { prior: LedgerRow }> {
  const { sha256, size, startedAt } = file;
  const fileSpec = file.spec;
  const client = await services.pool.connect();
  let load: StagingLoad | undefined;
  let broken = false;
  let spec = fileSpec;
  try {
    await client.query('BEGIN');
    // The same file sent twice at once (chat and folder): the second waits, then finds the first.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('excel-import:' || $1))`, [sha256]);
    const again = await client.query<LedgerRow>(`SELECT id, finished_at, summary FROM excel_imports WHERE sha256 = $1 AND status = 'succeeded'`, [sha256]);
    if (again.rows[0]) {
      await client.query('ROLLBACK');
      return { prior: again.rows[0] };
    }
    const sheets: SheetNote[] = [];
    const errors: RowProblem[] = [];
    const reasons = new Map<string, number>();
    let rowsRead = 0;
    let emptyRows = 0;
    const events = readReport(await openSheets(), { spec: fileSpec, sheets, onEmptyRow: () => emptyRows++ });
    for await (const ev of events) {
      if (ev.kind === 'spec') {
        spec = ev.spec;
        // Imports into one table take turns: two files upserting overlapping keys in different orders could deadlock.
        await client.query(`SELECT pg_advisory_xact_lock(hashtext('excel-import-table:' || $1))`, [spec.table]);
        load = new StagingLoad(client, spec, req.fileName, services.config.IMPORT_CHUNK_ROWS);
        await load.open();
        continue;
      }
      rowsRead++;
      if (rowsRead % PROGRESS_EVERY === 0) req.onProgress?.(rowsRead);
      if (ev.kind === 'rejected') {
        const reason = ev.problem.message;
        reasons.set(reason.replace(/\s*\(.*\)$/, ''), (reasons.get(reason.replace(/\s*\(.*\)$/, '')) ?? 0) + 1);
        if (errors.length < MAX_ERRORS_LISTED) errors.push(ev.problem);
        continue;
      }
      const waiting = (load as StagingLoad).add(ev.row);
      if (waiting) await waiting;
    }
    req.onProgress?.(rowsRead);
    if (!spec || !load) throw new TongbuError('EXCEL_UNKNOWN_TYPE', 'no report found in the workbook');
    const readDone = Date.now();
    const counts = await load.finish();
    const phases = { readMs: readDone - startedAt.getTime(), upsertMs: Date.now() - readDone };
    if (counts.duplicates > 0) reasons.set(`same ${spec.type === 'sales' ? '子订单ID' : '订单编号'} again in this file (the ${spec.type === 'sales' ? 'last row' : 'latest state'} was kept)`, counts.duplicates);
    const skippedReasons = [...reasons].map(([reason, count]) => ({ reason, count }));
    const summary: ImportSummary = {
      fileName: req.fileName,
      source: req.source,
      sha256,
      type: spec.type,
      typeLabel: spec.label,
      table: spec.table,
      rowsRead,
      inserted: counts.inserted,
      updated: counts.updated,
      unchanged: counts.unchanged,
      skipped: skippedReasons.reduce((n, r) => n + r.count, 0),
      skippedReasons,
      errors,
      emptyRows,
      sheets,
      durationMs: Date.now() - startedAt.getTime(),
      phases,
    };
    const ledger = await client.query<{ id: number }>(
      `INSERT INTO excel_imports (sha256, file_name, size_bytes, report_type, source, requested_by, status, rows_read, inserted, updated, unchanged, skipped, summary, started_at, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, 'succeeded', $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [sha256, req.fileName, size, spec.type, req.source, req.requestedBy ?? null, rowsRead, counts.inserted, counts.updated, counts.unchanged, summary.skipped, summary, startedAt, summary.durationMs],
    );
    summary.importId = ledger.rows[0]?.id;
    await client.query('COMMIT');
    summary.durationMs = Date.now() - startedAt.getTime();
    return summary;
  } catch (e) {
    // A COPY in flight leaves the connection mid-protocol: drop it (the server rolls back).
    if (load) await load.abort().catch(() => undefined);
    broken = true;
    if (e && typeof e === 'object') Object.assign(e, { spec });
    throw e;
  } finally {
    client.release(broken ? true : undefined);
  }
}

/** For logs and the folder watcher's .error.txt. */
export function importErrorText(e: unknown): string {
  const d = describeError(e);
  return `${d.message}\n${d.action}\n`;
}


/** What importFile did: a built-in report's summary, or a connector sheet's report. */
export type ImportOutcome =
  | { kind: 'report'; summary: ImportSummary }
  | { kind: 'sheet'; fileName: string; source: ImportSource; connector: string; sheet: string; label: string; report: OpReport };

/**
 * The one entry every door calls (chat, folder, HTTP upload, CLI): a connector's declared sheet
 * (a cost sheet) goes to its `import`, anything else to the built-in report import above.
 * A declared sheet changes stored data, so it needs `admin` (the folder, the admin API and the
 * CLI are admin doors; chat passes whether the sender is in FEISHU_ADMIN_OPEN_IDS).
 */
export async function importFile(services: Services, req: ImportRequest & { admin: boolean }): Promise<ImportOutcome> {
  if (!req.buffer && !req.path) throw new TongbuError('EXCEL_NO_FILE', 'neither a path nor the file bytes were given');
  const found = await findDeclaredSheet(services.connectors ?? [], req.fileName, req, { readHeader: !typeFromFileName(req.fileName), limits: importLimits(services.config) });
  if (!found) return { kind: 'report', summary: await importExcel(services, req) };
  const { connector, sheet } = found;
  const log = services.log.child({ mod: 'excel-import', file: req.fileName, source: req.source, sheet: sheet.name });
  if (!req.admin) {
    log.warn({ requestedBy: req.requestedBy }, 'declared sheet refused: sender is not an admin');
    throw new TongbuError('EXCEL_SHEET_REFUSED', `${req.fileName} is a ${connector.title} ${sheet.label} sheet`);
  }
  const rt = services.engine?.runtime(connector.name, { allowDisabled: true });
  if (!rt) throw new TongbuError('CONNECTOR_UNKNOWN', connector.name);
  let rows;
  try {
    rows = await readSheetRows(req);
  } catch (e) {
    throw classifyParseError(e);
  }
  let report: OpReport;
  try {
    report = await sheet.import({ ...rt.context, notifier: services.notifier, requestedBy: req.requestedBy }, { fileName: req.fileName, ...rows });
  } catch (e) {
    // A sheet's own validation speaks in command terms; at an Excel door it is a bad file (so the
    // folder watcher moves it to failed/ and HTTP answers 422).
    if (isTongbuError(e) && e.code === 'COMMAND_BAD_ARGS') throw new TongbuError('EXCEL_SHEET_INVALID', e.detail, { cause: e });
    throw e;
  }
  log.info({ ok: report.ok, title: report.title }, 'declared sheet imported');
  return { kind: 'sheet', fileName: req.fileName, source: req.source, connector: connector.name, sheet: sheet.name, label: sheet.label, report };
}
