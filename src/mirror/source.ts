// The PostgreSQL side of a mapping: which columns exist, how a row becomes Bitable fields, and
// the record key. Conversions happen in SQL where types matter: dates become epoch ms of the
// Asia/Shanghai midnight (a `date` has no instant of its own), timestamptz the instant's ms,
// numeric a float8 (Bitable numbers are doubles; PostgreSQL keeps the exact 元).
import { hash } from 'node:crypto';
import type { Pool, PoolClient } from '../db/pool.js';
import { dayjs } from '../engine/time.js';
import { TongbuError } from '../errors.js';
import type { BitableMapping } from './mapping.js';

export const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface SourceInfo {
  /** column → information_schema data_type */
  types: Map<string, string>;
  /** column → its type as SQL can name it in a cast (schema-qualified: enums and domains too) */
  castTypes: Map<string, string>;
}

/** Column types of the mapping's table or view; errors when it or a mapped column is missing. */
export async function describeSource(db: Pool | PoolClient, mapping: BitableMapping): Promise<SourceInfo> {
  const res = await db.query<{ column_name: string; data_type: string; cast_type: string }>(
    `SELECT column_name, data_type, quote_ident(udt_schema) || '.' || quote_ident(udt_name) AS cast_type
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    [mapping.source],
  );
  if (!res.rows.length) throw new TongbuError('BITABLE_SOURCE_MISSING', `${mapping.source} (mapping ${mapping.name})`);
  const types = new Map(res.rows.map((r) => [r.column_name, r.data_type]));
  const castTypes = new Map(res.rows.map((r) => [r.column_name, r.cast_type]));
  const wanted = [...mapping.key, ...mapping.fields.map((f) => f.column), ...(mapping.dateColumn ? [mapping.dateColumn] : [])];
  const missing = wanted.filter((c) => !types.has(c));
  if (missing.length) throw new TongbuError('BITABLE_MAPPING_INVALID', `mapping "${mapping.name}": ${mapping.source} has no column ${missing.join(', ')}`);
  return { types, castTypes };
}

/** SQL for the record key: the key columns as text joined by '|', e.g. `2026-02-11|1835…|7001`. */
export function recordKeySql(mapping: BitableMapping, alias: string): string {
  return `concat_ws('|', ${mapping.key.map((c) => `${alias}.${q(c)}::text`).join(', ')})`;
}

function dateMsSql(col: string, type: string | undefined, tz: string): string {
  if (type === 'timestamp with time zone') return `(extract(epoch from ${col}) * 1000)::float8`;
  // date / timestamp without time zone: a business-day wall time in Asia/Shanghai.
  return `(extract(epoch from (${col}::timestamp AT TIME ZONE ${lit(tz)})) * 1000)::float8`;
}

/** `expr AS "f0", expr AS "f1", …` in mapping.fields order. */
export function fieldSelectSql(mapping: BitableMapping, info: SourceInfo, tz: string, alias: string): string {
  return mapping.fields
    .map((f, i) => {
      const col = `${alias}.${q(f.column)}`;
      const expr = f.type === 'number' ? `${col}::float8` : f.type === 'date' ? dateMsSql(col, info.types.get(f.column), tz) : `${col}::text`;
      return `${expr} AS "f${i}"`;
    })
    .join(', ');
}

/** Condition selecting one business day (YYYY-MM-DD in `$param`) on the mapping's date column. */
export function dateFilterSql(mapping: BitableMapping, info: SourceInfo, tz: string, alias: string, param: string): string {
  if (!mapping.dateColumn) throw new TongbuError('BITABLE_NO_DATE', mapping.name);
  const col = `${alias}.${q(mapping.dateColumn)}`;
  const type = info.types.get(mapping.dateColumn);
  if (type === 'date') return `${col} = ${param}::date`;
  if (type === 'timestamp with time zone') return `(${col} AT TIME ZONE ${lit(tz)})::date = ${param}::date`;
  return `${col}::date = ${param}::date`;
}

/** Midnight of a business day (YYYY-MM-DD) in epoch ms, in the business time zone. */
export function dayStartMs(day: string, tz: string): number {
  return dayjs.tz(day, 'YYYY-MM-DD', tz).valueOf();
}

export type BitableFields = Record<string, unknown>;

/** The fields to write for a row read with fieldSelectSql (f0, f1, …), plus the record key field. */
export function rowToFields(mapping: BitableMapping, row: Record<string, unknown>, recordKey: string): BitableFields {
  const fields: BitableFields = {};
  mapping.fields.forEach((f, i) => {
    const v = row[`f${i}`];
    if (v === null || v === undefined) {
      fields[f.field] = null; // null clears the cell on update (updates are incremental)
      return;
    }
    switch (f.type) {
      case 'number':
      case 'date':
        fields[f.field] = Number(v);
        break;
      case 'url':
        fields[f.field] = { text: String(v), link: String(v) };
        break;
      default:
        fields[f.field] = String(v);
    }
  });
  fields[mapping.keyField] = recordKey;
  return fields;
}

/** Hash of what we write: equal hash = nothing to send. */
export function fieldsHash(fields: BitableFields): string {
  // The one-shot hash (Node ≥ 20.12) is the same SHA-1 at a third of createHash's cost per row.
  return hash('sha1', JSON.stringify(fields), 'hex');
}

/** A cell as read back from Bitable, reduced to something comparable with what we write. */
export function plainCell(value: unknown): string | number | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    const text = value.map((s) => (typeof s === 'object' && s ? ((s as { text?: string }).text ?? '') : String(s))).join('');
    return text === '' ? null : text;
  }
  if (typeof value === 'object') {
    const link = (value as { link?: unknown }).link;
    return link === undefined ? JSON.stringify(value) : String(link);
  }
  if (typeof value === 'number') return value;
  return String(value);
}

/** True when two cells hold the same value (numbers compared with a small tolerance). */
export function sameCell(a: unknown, b: unknown): boolean {
  const x = plainCell(a);
  const y = plainCell(b);
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
  return x === y;
}
