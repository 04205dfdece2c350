// How the loader hands a batch to PostgreSQL: COPY (text format) into a temporary staging table
// of the target's own column types, on the writing transaction's connection. COPY parses each
// value once, straight into its column type; the old way (the batch as one JSON array through
// jsonb_to_recordset) made PostgreSQL build a JSONB tree of the whole page first, raw payloads
// included, and cost about twice as much CPU per row (docs/benchmarks.md).
//
// The staging table is session-private (no other connection sees it, no WAL, no locks shared
// with other runs), created once per connection (`IF NOT EXISTS`, sent with every batch's COPY in
// the same message, so a creation rolled back with its transaction is simply redone) and emptied at every
// commit (ON COMMIT DELETE ROWS truncates it in place). The statement that reads it deletes
// what it read, so two batches for one table in one transaction never see each other's rows.
//
// A batch whose keys are all new skips the staging table: copyStraight COPYs it into the target
// table itself (loader.ts decides when).
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from '../db/pool.js';
import type { ColumnSpec, LoadTarget } from './types.js';

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The staging table of a target table, in the session's temporary schema. */
export function stagingName(t: LoadTarget): string {
  return ident(`tongbu_stage_${t.table}`.slice(0, 63));
}

/** COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N. */
function copyText(v: string): string {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

/** JSON as JSON.stringify writes it; a bigint (which it refuses) as its decimal string. */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

/**
 * One value as COPY text, with the meaning jsonb_to_recordset gave it before: a json(b) column
 * holds the value as JSON (a string becomes a JSON string), a Date is its ISO instant, an
 * object in a scalar column is its JSON text, null and undefined are NULL.
 */
function field(type: ColumnSpec['type'], v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (type === 'json' || type === 'jsonb') {
    // JSON.stringify escapes control characters; only backslashes need doubling for COPY.
    const s = jsonText(v);
    return s.includes('\\') ? s.replace(/\\/g, '\\\\') : s;
  }
  switch (typeof v) {
    case 'string':
      return copyText(v);
    case 'number':
    case 'bigint':
      return String(v);
    case 'boolean':
      return type === 'boolean' ? (v ? 't' : 'f') : String(v);
    default:
      if (v instanceof Date) return v.toISOString();
      return copyText(jsonText(v));
  }
}

/**
 * A page of rows as one COPY text payload (UTF-8), columns in `t.columns` order. Each line is
 * encoded into the buffer as it is made: a page joined into one string first (200 orders of a
 * kilobyte of JSON, Chinese text making it a two-byte string) cost about twice as much to
 * flatten and encode as to build (docs/benchmarks.md).
 */
export function copyPayload(t: LoadTarget, rows: Record<string, unknown>[]): Buffer {
  const cols = t.columns;
  let buf = Buffer.allocUnsafe(64 * 1024);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Record<string, unknown>;
    let line = '';
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j] as ColumnSpec;
      line += (j ? '\t' : '') + field(c.type, r[c.name]);
    }
    line += '\n';
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (at + line.length * 3 > buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(buf.length * 2, at + line.length * 3));
      buf.copy(grown, 0, 0, at);
      buf = grown;
    }
    at += buf.write(line, at);
  }
  return buf.subarray(0, at);
}

/**
 * Copies `rows` into the target's staging table on `client` (inside the caller's transaction)
 * and returns the staging table's name. The rows are there until a statement deletes them or
 * the transaction ends.
 */
export async function stageRows(client: PoolClient, t: LoadTarget, rows: Record<string, unknown>[]): Promise<string> {
  const stage = stagingName(t);
  const names = t.columns.map((c) => ident(c.name)).join(', ');
  // The target's own column types (numeric(14,2), json, …): a staged value is what the table would store.
  // Sent with the COPY as one simple query: no round trip of its own.
  const create = `CREATE TEMP TABLE IF NOT EXISTS ${stage} ON COMMIT DELETE ROWS AS SELECT ${names} FROM ${ident(t.table)} WITH NO DATA`;
  const copy = client.query(copyFrom(`${create}; COPY ${stage} (${names}) FROM STDIN`));
  const done = Promise.race([once(copy, 'finish'), once(copy, 'error').then(([e]) => Promise.reject(e as Error))]);
  copy.end(copyPayload(t, rows));
  await done;
  return stage;
}

/**
 * COPYs `rows` straight into the target table (in the caller's transaction), behind a savepoint
 * sent in the same message. True when they are in; false when one of their keys was there
 * already (another transaction added it after the caller looked): the savepoint is rolled back,
 * nothing of the COPY stays, and the caller stages the rows instead.
 */
export async function copyStraight(client: PoolClient, t: LoadTarget, rows: Record<string, unknown>[]): Promise<boolean> {
  const names = t.columns.map((c) => ident(c.name)).join(', ');
  // After a successful COPY the rest of the message runs: the savepoint is released at once, so
  // a transaction writing many pages does not pile up subtransactions.
  const copy = client.query(copyFrom(`SAVEPOINT tongbu_straight; COPY ${ident(t.table)} (${names}) FROM STDIN; RELEASE SAVEPOINT tongbu_straight`));
  const done = Promise.race([once(copy, 'finish'), once(copy, 'error').then(([e]) => Promise.reject(e as Error))]);
  copy.end(copyPayload(t, rows));
  try {
    await done;
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== '23505') throw e;
    await client.query('ROLLBACK TO SAVEPOINT tongbu_straight; RELEASE SAVEPOINT tongbu_straight');
    return false;
  }
}

/** A prepared statement's name for a statement text: the same text, the same name, on every connection. */
export function statementName(sql: string): string {
  return `tongbu_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
}
