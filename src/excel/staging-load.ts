// Loads parsed rows the fastest way PostgreSQL offers: COPY FROM STDIN, in chunks. While
// PostgreSQL loads one chunk, the workbook parser fills the next, so loading overlaps parsing and
// an import takes about as long as parsing alone. At most two chunks wait (backpressure), so
// memory does not grow with the file. Everything runs on the import's client inside its
// transaction; the temp table is dropped at commit.
//
// A chunk whose keys are all new (none of them in the table, none twice in the file so far)
// is copied straight into the table: COPY inserts in batches, and a 100k-row file costs the
// server about 11 µs a row that way against 18 µs through a staging table and INSERT … ON
// CONFLICT (row by row, each a speculative insertion). Node knows which chunks hold repeated
// keys (SeenKeys); whether the table holds a key already, one indexed probe per chunk tells
// (none when the table was empty as the import began).
// Imports into one table take turns (the import's advisory lock), so no other import can add
// one of those keys between the probe and the COPY.
// Every other chunk goes through a temporary staging table and one INSERT … SELECT … ON
// CONFLICT that writes a row only where something changed.
//
// Duplicate keys inside one file: ON CONFLICT cannot touch a row twice in one statement, so a
// chunk holding a key twice first keeps one row per key: the highest booking-state rank, then the
// last row read (later sheet, later row). Across chunks, SeenKeys (seen-keys.ts) remembers each
// key's chunk and rank in this file: a row whose key an earlier row holds in a later state is not
// loaded, and a row whose key an earlier chunk loaded counts as a duplicate, not an update. The
// rows that lose count as skipped duplicates.
import { once } from 'node:events';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.js';
import { BOOKING_STATE_RANK, type ReportSpec } from './report-types.js';
import { tableColumns, type ReportRow } from './report-rows.js';
import { SEEN_AGAIN, SEEN_IN_CHUNK, SEEN_LOSES, SeenKeys } from './seen-keys.js';

export interface LoadCounts {
  staged: number;
  duplicates: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N. */
function copyText(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

interface StageColumn {
  name: string;
  pgType: string;
  /** Values we formatted ourselves (money, time, date): never need COPY escaping. */
  plain: boolean;
}

/** ReportRow.values' columns (tableColumns), then sheet_name for bookings (the row's sheet). */
function dataColumnsOf(spec: ReportSpec): StageColumn[] {
  const specs = new Map(spec.columns.map((c) => [c.column, c]));
  const cols = tableColumns(spec).map((name) => {
    const c = specs.get(name);
    return { name, pgType: c?.pgType ?? 'text', plain: c?.kind === 'money' || c?.kind === 'time' || c?.kind === 'date' };
  });
  if (spec.type === 'bookings') cols.push({ name: 'sheet_name', pgType: 'text', plain: false });
  return cols;
}


// COPY data is written into blocks of bytes as rows arrive, not kept as strings: a chunk's
// lines lived long enough to be promoted to V8's old generation, and collecting them cost more
// than the rest of the import's JavaScript. The blocks are reused once PostgreSQL has a chunk
// (a fresh block per chunk left tens of MB of dead buffers waiting for a collection).
const BLOCK_BYTES = 256 * 1024;

/** What Node knows of a chunk it hands over: its rows, the keys new to the file, repeated keys. */
interface ChunkInfo {
  blocks: Buffer[];
  rows: number;
  fresh: number;
  /** Each row's key, for the probe of a chunk of keys new to the file (empty otherwise). */
  keys: string[];
  /** A key twice in the chunk: keep one row per key first. */
  dups: boolean;
  /** Keys an earlier chunk loaded: their rows are duplicates, not updates. */
  againKeys: string[];
}

export class StagingLoad {
  private readonly columns: StageColumn[];
  /** The columns of a COPY line, in order: the data columns, raw_excel, file_name. */
  private readonly copyColumns: string;
  /** file_name as a COPY field, ending the line. */
  private readonly fileNameField: string;
  private blocks: Buffer[] = [];
  private readonly free: Buffer[] = [];
  private block: Buffer = Buffer.allocUnsafeSlow(BLOCK_BYTES);
  private pos = 0;
  private rowsInChunk = 0;
  private freshInChunk = 0;
  private keysInChunk: string[] = [];
  private dupsInChunk = false;
  private againInChunk: string[] = [];
  private chunkNumber = 1;
  private readonly seen = new SeenKeys();
  private worker: Promise<void> = Promise.resolve();
  private queued = 0;
  private failure?: Error;
  private copy?: CopyStreamQuery;
  /** The upsert from the staging table, by [dups] (see ChunkInfo), the again keys as `$AGAIN`. */
  private upsertSql: string[] = [];
  private probeSql = '';
  /** The table held no row when the import began (under its lock): a key new to the file is new to the table, no probe needed. */
  private tableWasEmpty = false;
  private readonly counts: LoadCounts = { staged: 0, duplicates: 0, inserted: 0, updated: 0, unchanged: 0 };

  constructor(
    private readonly client: PoolClient,
    private readonly spec: ReportSpec,
    private readonly fileName: string,
    /** Rows per chunk (IMPORT_CHUNK_ROWS): large enough that per-statement overhead vanishes, small enough to overlap. */
    private readonly chunkRows: number,
  ) {
    this.columns = dataColumnsOf(spec);
    this.copyColumns = [...this.columns.map((c) => c.name), 'raw_excel', 'file_name'].join(', ');
    this.fileNameField = `\t${copyText(fileName)}\n`;
  }

  async open(): Promise<void> {
    const cols = this.columns.map((c) => `${c.name} ${c.pgType}`).join(', ');
    // seq: the order rows were read in (the last row of a key wins), numbered by the server.
    await this.client.query(`CREATE TEMP TABLE excel_stage (${cols}, raw_excel json NOT NULL, file_name text NOT NULL, seq integer GENERATED ALWAYS AS IDENTITY) ON COMMIT DROP`);
    const { table, key } = this.spec;
    const names = this.columns.map((c) => c.name);
    this.probeSql = `SELECT EXISTS (SELECT 1 FROM ${table} WHERE ${key} = ANY($1::text[])) AS found`;
    // A first import (a history export, often the largest file anyone sends) skips the probes.
    this.tableWasEmpty = (await this.client.query<{ empty: boolean }>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`)).rows[0]?.empty === true;
    // The booking-state rank (report-types.ts) from the state each row carries.
    const rank = this.columns.some((c) => c.name === 'booking_status')
      ? `CASE booking_status ${Object.entries(BOOKING_STATE_RANK).map(([state, r]) => `WHEN ${this.client.escapeLiteral(state)} THEN ${r}`).join(' ')} ELSE 0 END DESC, `
      : '';
    // raw_excel is json (migration 017), which has no equality: its texts are compared, and only
    // where they differ (a row stored in JSONB's spelling before 017) its values as JSONB.
    const changed = `(${names.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${names.map((c) => `EXCLUDED.${c}`).join(', ')})
          OR (${table}.raw_excel::text IS DISTINCT FROM EXCLUDED.raw_excel::text AND ${table}.raw_excel::jsonb IS DISTINCT FROM EXCLUDED.raw_excel::jsonb)`;
    const sql = (dups: boolean) => {
      // cand: one row per key (only when the chunk holds a key twice).
      const from = dups ? 'cand' : 'excel_stage';
      return `
      WITH ${dups ? `cand AS (SELECT DISTINCT ON (${key}) * FROM excel_stage ORDER BY ${key}, ${rank}seq DESC), ` : ''}up AS (
        INSERT INTO ${table} (${names.join(', ')}, raw_excel, file_name, import_time)
        SELECT ${names.join(', ')}, raw_excel, file_name, now() FROM ${from}
        ON CONFLICT (${key}) DO UPDATE SET
          ${[...names.filter((c) => c !== key), 'raw_excel', 'file_name', 'import_time'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
        WHERE ${changed}
        RETURNING ${key} AS key, (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
             count(*) FILTER (WHERE NOT inserted AND NOT key = ANY($AGAIN::text[]))::int AS updated
      FROM up`;
    };
    this.upsertSql = [sql(false), sql(true)];
  }

  /**
   * Queues one row. Returns a promise only when a chunk was handed to PostgreSQL and another
   * is still waiting (await it: backpressure); otherwise nothing, so the per-row path stays
   * free of promises.
   */
  add(row: ReportRow): Promise<void> | undefined {
    if (this.failure) throw this.failure;
    const values = row.values;
    const key = row.key;
    const seen = this.seen.visit(key, row.rank, this.chunkNumber);
    if (seen & SEEN_LOSES) {
      this.counts.duplicates++;
      return undefined;
    }
    if (seen === 0) this.freshInChunk++;
    if (seen & SEEN_IN_CHUNK) this.dupsInChunk = true;
    if (seen & SEEN_AGAIN) this.againInChunk.push(key);
    if (!this.tableWasEmpty) this.keysInChunk.push(key);
    let line = '';
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i] as StageColumn;
      const v = i < values.length ? (values[i] as string | null) : row.sheet;
      // Money, times and dates are written by us (digits, '-', ':', ' ', '+'): nothing to escape.
      line += (c.plain ? (v ?? '\\N') : copyText(v)) + '\t';
    }
    // JSON text has its control characters escaped already; only backslashes need doubling.
    const json = row.rawJson;
    line += (json.includes('\\') ? json.replace(/\\/g, '\\\\') : json) + this.fileNameField;
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.pos + line.length * 3 > this.block.length) {
      this.takeBlock();
      if (line.length * 3 > this.block.length) this.block = Buffer.allocUnsafeSlow(line.length * 3);
    }
    this.pos += this.block.write(line, this.pos);
    return ++this.rowsInChunk >= this.chunkRows ? this.submit() : undefined;
  }

  private takeBlock(): void {
    if (this.pos === 0) return;
    this.blocks.push(this.block.subarray(0, this.pos));
    this.block = this.free.pop() ?? Buffer.allocUnsafeSlow(BLOCK_BYTES);
    this.pos = 0;
  }

  private async submit(): Promise<void> {
    this.takeBlock();
    const chunk: ChunkInfo = { blocks: this.blocks, rows: this.rowsInChunk, fresh: this.freshInChunk, keys: this.keysInChunk, dups: this.dupsInChunk, againKeys: this.againInChunk };
    this.blocks = [];
    this.rowsInChunk = 0;
    this.freshInChunk = 0;
    this.keysInChunk = [];
    this.dupsInChunk = false;
    this.againInChunk = [];
    this.chunkNumber++;
    if (!chunk.blocks.length) return;
    // Backpressure: one chunk in PostgreSQL, at most one more waiting here (two smooth out the
    // moments when PostgreSQL or the parser is briefly the slower; each is about 1.5 MB).
    while (this.queued >= 2) await this.worker.catch(() => undefined);
    this.queued++;
    this.worker = this.worker.then(async () => {
      try {
        if (!this.failure) await this.loadChunk(chunk);
      } catch (e) {
        this.failure ??= e as Error;
      } finally {
        this.queued--;
      }
    });
  }

  private async loadChunk(info: ChunkInfo): Promise<void> {
    const newKeys = info.fresh === info.rows && !info.dups && info.againKeys.length === 0;
    const straight = newKeys && (this.tableWasEmpty || !((await this.client.query<{ found: boolean }>(this.probeSql, [info.keys])).rows[0]?.found ?? true));
    await this.copyChunk(info.blocks, straight ? this.spec.table : 'excel_stage');
    this.counts.staged += info.rows;
    this.counts.duplicates += info.rows - info.fresh;
    if (straight) {
      this.counts.inserted += info.rows;
      return;
    }
    // The upsert and the TRUNCATE go in one round trip (a simple query of two statements, so the
    // literals are in its text): on a busy machine each round trip waited for the scheduler.
    type Counts = { inserted: number; updated: number };
    const again = this.client.escapeLiteral(`{${info.againKeys.map((k) => `"${k.replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
    const sql = (this.upsertSql[info.dups ? 1 : 0] as string).replace('$AGAIN', again);
    const results = (await this.client.query(`${sql};\nTRUNCATE excel_stage`)) as unknown as { rows: Counts[] }[];
    const r = results[0]?.rows[0] ?? { inserted: 0, updated: 0 };
    this.counts.inserted += r.inserted;
    this.counts.updated += r.updated;
    this.counts.unchanged += info.fresh - r.inserted - r.updated;
  }

  private async copyChunk(chunk: Buffer[], table: string): Promise<void> {
    const copy = this.client.query(copyFrom(`COPY ${table} (${this.copyColumns}) FROM STDIN`));
    // A cut connection can make the stream emit 'error' when no one is waiting on it (between
    // 'finish' and the next chunk, or after abort()): without a listener that is an uncaught
    // 'error' event and the process dies. The failure itself reaches the import through `done`
    // or the client's next query.
    copy.on('error', () => undefined);
    this.copy = copy;
    const done = Promise.race([once(copy, 'finish'), once(copy, 'error').then(([e]) => Promise.reject(e as Error))]);
    for (const block of chunk) {
      if (!copy.write(block)) await Promise.race([once(copy, 'drain'), done]);
    }
    copy.end();
    await done;
    this.copy = undefined;
    // The bytes are on their way to the server: the blocks can take the next chunk.
    for (const b of chunk) if (b.buffer.byteLength === BLOCK_BYTES && this.free.length < 16) this.free.push(Buffer.from(b.buffer, b.byteOffset, BLOCK_BYTES));
  }

  /** Loads what is left and waits for PostgreSQL; the counts cover the whole file. */
  async finish(): Promise<LoadCounts> {
    await this.submit();
    await this.worker;
    if (this.failure) throw this.failure;
    return { ...this.counts };
  }

  /** After a failure: stops a COPY in flight and waits for the chunk worker to settle. */
  async abort(): Promise<void> {
    this.failure ??= new Error('import aborted');
    const copy = this.copy;
    if (copy && !copy.writableFinished && !copy.destroyed) copy.destroy(new Error('import aborted'));
    await this.worker.catch(() => undefined);
  }
}
