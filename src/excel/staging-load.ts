// Loads parsed rows the fastest way PostgreSQL offers: one COPY FROM STDIN into a temporary
// staging table, kept open while the workbook is parsed (so loading overlaps parsing), then
// one INSERT … SELECT … ON CONFLICT statement. Everything runs on the import's client inside
// its transaction; the staging table is dropped at commit.
//
// Duplicate keys inside one file: ON CONFLICT cannot touch a row twice in one statement, so
// one winner per key is chosen first: the highest booking-state rank, then the last row read
// (later sheet, later row). The others count as skipped duplicates.
import { once } from 'node:events';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.js';
import type { ReportSpec } from './report-types.js';
import type { ReportRow } from './report-rows.js';

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

interface TableShape {
  /** Columns that come from the sheet (staged and written). */
  dataColumns: { name: string; pgType: string }[];
}

function shapeOf(spec: ReportSpec): TableShape {
  const dataColumns = spec.columns.filter((c) => c.column !== '').map((c) => ({ name: c.column, pgType: c.pgType }));
  if (spec.type === 'bookings') dataColumns.push({ name: 'booking_status', pgType: 'text' }, { name: 'sheet_name', pgType: 'text' });
  return { dataColumns };
}

const FLUSH_CHARS = 256 * 1024;

export class StagingLoad {
  private readonly shape: TableShape;
  private copy?: CopyStreamQuery;
  private copyError?: Error;
  private chunk = '';
  private seq = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly spec: ReportSpec,
  ) {
    this.shape = shapeOf(spec);
  }

  async open(): Promise<void> {
    const cols = this.shape.dataColumns.map((c) => `${c.name} ${c.pgType}`).join(', ');
    await this.client.query(`CREATE TEMP TABLE excel_stage (seq integer NOT NULL, rank integer NOT NULL, ${cols}, raw_excel jsonb NOT NULL) ON COMMIT DROP`);
    const names = ['seq', 'rank', ...this.shape.dataColumns.map((c) => c.name), 'raw_excel'];
    this.copy = this.client.query(copyFrom(`COPY excel_stage (${names.join(', ')}) FROM STDIN`));
    this.copy.on('error', (e: Error) => {
      this.copyError = e;
    });
  }

  /** Queues one row; resolves at once unless PostgreSQL is behind (then it waits, bounding memory). */
  async add(row: ReportRow): Promise<void> {
    const values = row.values;
    let line = `${++this.seq}\t${row.rank}`;
    for (const c of this.shape.dataColumns) {
      line += '\t' + copyText(c.name === 'sheet_name' ? row.sheet : (values[c.name] ?? null));
    }
    line += '\t' + copyText(JSON.stringify(row.raw)) + '\n';
    this.chunk += line;
    if (this.chunk.length >= FLUSH_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.copyError) throw this.copyError;
    const copy = this.copy as CopyStreamQuery;
    const data = this.chunk;
    this.chunk = '';
    if (data && !copy.write(data)) {
      await Promise.race([once(copy, 'drain'), once(copy, 'error')]);
      if (this.copyError) throw this.copyError;
    }
  }

  /** Ends the COPY, then one upsert of the staged rows. */
  async finish(fileName: string): Promise<LoadCounts> {
    await this.flush();
    const copy = this.copy as CopyStreamQuery;
    copy.end();
    if (!copy.writableFinished) await Promise.race([once(copy, 'finish'), once(copy, 'error').then(([e]) => Promise.reject(e as Error))]);
    if (this.copyError) throw this.copyError;
    const { table, key } = this.spec;
    const cols = this.shape.dataColumns.map((c) => c.name);
    // Temp tables have no statistics until analysed; without them the planner may pick a nested loop.
    await this.client.query('ANALYZE excel_stage');
    const counted = await this.client.query<{ staged: number; keys: number }>(`SELECT count(*)::int AS staged, count(DISTINCT ${key})::int AS keys FROM excel_stage`);
    const { staged, keys } = counted.rows[0] ?? { staged: 0, keys: 0 };
    const compared = [...cols, 'raw_excel'];
    const sql = `
      WITH up AS (
        INSERT INTO ${table} (${cols.join(', ')}, raw_excel, file_name, import_time)
        SELECT ${cols.join(', ')}, raw_excel, $1, now() FROM excel_stage
        WHERE seq IN (SELECT DISTINCT ON (${key}) seq FROM excel_stage ORDER BY ${key}, rank DESC, seq DESC)
        ON CONFLICT (${key}) DO UPDATE SET
          ${[...cols.filter((c) => c !== key), 'raw_excel', 'file_name', 'import_time'].map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
        WHERE (${compared.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM up`;
    const res = await this.client.query<{ inserted: number; updated: number }>(sql, [fileName]);
    const { inserted, updated } = res.rows[0] ?? { inserted: 0, updated: 0 };
    return { staged, duplicates: staged - keys, inserted, updated, unchanged: keys - inserted - updated };
  }

  /** Stops a COPY in flight after a failure (the transaction is rolled back by the caller). */
  async abort(): Promise<void> {
    const copy = this.copy;
    if (!copy || copy.writableFinished || copy.destroyed) return;
    const settled = Promise.race([once(copy, 'error'), once(copy, 'close'), once(copy, 'finish')]).catch(() => undefined);
    copy.destroy(new Error('import aborted'));
    await settled;
  }
}
