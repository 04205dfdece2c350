// The upsert loader: one statement per batch, keyed on the stream's primary key, raw payload
// kept as JSONB. A row whose content did not change is not rewritten (IS DISTINCT FROM), so
// counts are honest and the Bitable outbox only hears of real changes.
import type { PoolClient } from '../db/pool.js';
import type { ColumnSpec, LoadTarget, WriteHook } from './types.js';

export interface LoadCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
}

export const emptyCounts = (): LoadCounts => ({ inserted: 0, updated: 0, unchanged: 0, deleted: 0 });

export function addCounts(a: LoadCounts, b: LoadCounts): LoadCounts {
  return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged, deleted: a.deleted + b.deleted };
}


const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function recordsetType(c: ColumnSpec): string {
  return c.type;
}

/** A column as compared for change: `json` has no equality operator, so it compares as text. */
function cmpCol(alias: string, c: ColumnSpec): string {
  return c.type === 'json' ? `${alias}.${ident(c.name)}::text` : `${alias}.${ident(c.name)}`;
}

function keyOf(row: Record<string, unknown>, pk: string[]): string {
  return pk.map((k) => String(row[k])).join('\u0001');
}

/** Later rows win when a batch holds the same key twice (ON CONFLICT cannot touch a row twice). */
export function lastPerKey(rows: Record<string, unknown>[], pk: string[]): Record<string, unknown>[] {
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of rows) byKey.set(keyOf(r, pk), r);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/** Build (once per stream) the upsert statement; $1 is the batch as a JSON array. */
function upsertSql(t: LoadTarget): string {
  const cols = t.columns.map((c) => ident(c.name));
  const compared = comparedColumns(t);
  const set = t.columns.filter((c) => !t.primaryKey.includes(c.name)).map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
  // Stream tables carry a synced_at column (default now()); it moves only when the row changed.
  const touchSyncedAt = t.syncedAt !== false && !t.columns.some((c) => c.name === 'synced_at');
  const recordset = t.columns.map((c) => `${ident(c.name)} ${recordsetType(c)}`).join(', ');
  // A table of keys alone (child rows) has nothing to update: a known key is left as it is.
  const onConflict = compared.length
    ? `DO UPDATE SET ${[...set, ...(touchSyncedAt ? ['synced_at = now()'] : [])].join(', ')}
    WHERE (${compared.map((c) => cmpCol('t', c)).join(', ')}) IS DISTINCT FROM (${compared.map((c) => cmpCol('EXCLUDED', c)).join(', ')})`
    : 'DO NOTHING';
  return `INSERT INTO ${ident(t.table)} AS t (${cols.join(', ')})
    SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset})
    ON CONFLICT (${t.primaryKey.map(ident).join(', ')}) ${onConflict}
    RETURNING (xmax = 0) AS inserted, ${t.primaryKey.map((k) => `t.${ident(k)}`).join(', ')}`;
}

const sqlCache = new WeakMap<object, string>();

/**
 * JSON for jsonb_to_recordset: Dates as ISO strings, jsonb columns stay objects. A replacer
 * function makes JSON.stringify several times slower on every value, so it is only used for
 * the rare batch that holds a bigint (which plain JSON.stringify refuses).
 */
function toJsonRows(rows: Record<string, unknown>[]): string {
  try {
    return JSON.stringify(rows);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

export async function upsertRows(client: PoolClient, t: LoadTarget, rows: Record<string, unknown>[], hook?: WriteHook): Promise<LoadCounts> {
  if (rows.length === 0) return emptyCounts();
  const batch = lastPerKey(rows, t.primaryKey);
  let sql = sqlCache.get(t);
  if (!sql) {
    sql = upsertSql(t);
    sqlCache.set(t, sql);
  }
  const res = await client.query<Record<string, unknown> & { inserted: boolean }>(sql, [toJsonRows(batch)]);
  const inserted = res.rows.filter((r) => r.inserted).length;
  const updated = res.rows.length - inserted;
  if (hook && res.rows.length) {
    await hook.afterWrite(client, { table: t.table, keys: res.rows.map((r) => Object.fromEntries(t.primaryKey.map((k) => [k, r[k]]))) });
  }
  return { inserted, updated, unchanged: batch.length - res.rows.length, deleted: 0 };
}

/**
 * Replace one slice of a report: upsert the new rows, then delete the slice's rows that are no
 * longer reported. Same end state as delete-and-insert, but unchanged rows stay untouched.
 */
export async function replaceSlice(
  client: PoolClient,
  t: LoadTarget & { replaceBy: { account: string; day: string } },
  scope: { account: string; day: string },
  rows: Record<string, unknown>[],
  hook?: WriteHook,
): Promise<LoadCounts> {
  const counts = await upsertRows(client, t, rows, hook);
  const pkCols = t.primaryKey.map(ident).join(', ');
  const keep = lastPerKey(rows, t.primaryKey).map((r) => t.primaryKey.map((k) => r[k]));
  const pkTypes = t.primaryKey.map((k) => t.columns.find((c) => c.name === k)?.type ?? 'text');
  const del = await client.query<Record<string, unknown>>(
    `DELETE FROM ${ident(t.table)} AS t
      WHERE t.${ident(t.replaceBy.account)} = $1 AND t.${ident(t.replaceBy.day)} = $2::date
        AND (${t.primaryKey.map((k) => `t.${ident(k)}`).join(', ')}) NOT IN (
          SELECT ${t.primaryKey.map((_k, i) => `(k->>${i})::${pkTypes[i]}`).join(', ')} FROM jsonb_array_elements($3::jsonb) AS k)
      RETURNING ${pkCols}`,
    [scope.account, scope.day, JSON.stringify(keep)],
  );
  if (hook && del.rows.length) await hook.afterWrite(client, { table: t.table, keys: del.rows });
  return { ...counts, deleted: del.rows.length };
}

/** Columns that make a row different (not the key, not the volatile ones). */
function comparedColumns(t: LoadTarget): ColumnSpec[] {
  return t.columns.filter((c) => !t.primaryKey.includes(c.name) && !(t.volatileColumns ?? []).includes(c.name));
}

/**
 * The rows of a batch that an upsert would insert or update: new keys, or content that differs
 * from the stored row. Read-only; used to fetch follow-up details only for those rows.
 */
export async function changedRows(client: Pick<PoolClient, "query">, t: LoadTarget, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const batch = lastPerKey(rows, t.primaryKey);
  const compared = comparedColumns(t);
  const recordset = t.columns.map((c) => `${ident(c.name)} ${recordsetType(c)}`).join(', ');
  const join = t.primaryKey.map((k) => `t.${ident(k)} = r.${ident(k)}`).join(' AND ');
  const differs = compared.length ? ` OR (${compared.map((c) => cmpCol('t', c)).join(', ')}) IS DISTINCT FROM (${compared.map((c) => cmpCol('r', c)).join(', ')})` : '';
  const names = t.columns.map((c) => ident(c.name)).join(', ');
  const res = await client.query<{ i: number }>(
    `SELECT r.i - 1 AS i FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (${recordset})) WITH ORDINALITY AS r(${names}, i)
       LEFT JOIN ${ident(t.table)} AS t ON ${join}
      WHERE t.${ident(t.primaryKey[0] as string)} IS NULL${differs}`,
    [toJsonRows(batch)],
  );
  return res.rows.map((r) => batch[r.i] as Record<string, unknown>);
}

function sameContent(a: Record<string, unknown>, b: Record<string, unknown>, cols: ColumnSpec[]): boolean {
  return cols.every((c) => JSON.stringify(a[c.name] ?? null) === JSON.stringify(b[c.name] ?? null));
}

/**
 * Write a time series: rows keyed by (entity…, time). A row equal to its entity's latest snapshot
 * before it is not written (an ended order stops growing the table); a bucket written again with
 * new figures is updated; an unchanged one is left alone. Queries at a time read the latest
 * snapshot at or before it.
 */
export async function writeSnapshots(
  client: PoolClient,
  t: LoadTarget & { snapshot: { entity: string[]; time: string } },
  rows: Record<string, unknown>[],
  hook?: WriteHook,
): Promise<LoadCounts> {
  if (rows.length === 0) return emptyCounts();
  const compared = comparedColumns(t);
  const { entity, time } = t.snapshot;
  // Within the batch too: of consecutive equal snapshots of one entity, only the first counts.
  const sorted = [...lastPerKey(rows, t.primaryKey)].sort((a, b) => {
    const ka = keyOf(a, entity);
    const kb = keyOf(b, entity);
    return ka < kb ? -1 : ka > kb ? 1 : String(a[time]) < String(b[time]) ? -1 : 1;
  });
  const batch: Record<string, unknown>[] = [];
  let skipped = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i] as Record<string, unknown>;
    const prev = sorted[i - 1];
    if (prev && keyOf(prev, entity) === keyOf(r, entity) && sameContent(prev, r, compared)) skipped++;
    else batch.push(r);
  }
  let sql = snapshotSqlCache.get(t);
  if (!sql) {
    const cols = t.columns.map((c) => ident(c.name));
    const recordset = t.columns.map((c) => `${ident(c.name)} ${recordsetType(c)}`).join(', ');
    const set = t.columns.filter((c) => !t.primaryKey.includes(c.name)).map((c) => `${ident(c.name)} = EXCLUDED.${ident(c.name)}`);
    const sameEntity = entity.map((k) => `p.${ident(k)} = r.${ident(k)}`).join(' AND ');
    const samePk = t.primaryKey.map((k) => `x.${ident(k)} = r.${ident(k)}`).join(' AND ');
    const cmp = (a: string, b: string) => `(${compared.map((c) => cmpCol(a, c)).join(', ')}) IS NOT DISTINCT FROM (${compared.map((c) => cmpCol(b, c)).join(', ')})`;
    sql = `INSERT INTO ${ident(t.table)} AS t (${cols.join(', ')})
      SELECT ${cols.map((c) => `r.${c}`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset})
       WHERE EXISTS (SELECT 1 FROM ${ident(t.table)} x WHERE ${samePk})
          OR NOT EXISTS (SELECT 1 FROM (SELECT * FROM ${ident(t.table)} p WHERE ${sameEntity} AND p.${ident(time)} < r.${ident(time)}
                                        ORDER BY p.${ident(time)} DESC LIMIT 1) prev WHERE ${cmp('prev', 'r')})
      ON CONFLICT (${t.primaryKey.map(ident).join(', ')}) DO UPDATE SET ${set.join(', ')}
      WHERE (${compared.map((c) => cmpCol('t', c)).join(', ')}) IS DISTINCT FROM (${compared.map((c) => cmpCol('EXCLUDED', c)).join(', ')})
      RETURNING (xmax = 0) AS inserted, ${t.primaryKey.map((k) => `t.${ident(k)}`).join(', ')}`;
    snapshotSqlCache.set(t, sql);
  }
  const res = await client.query<Record<string, unknown> & { inserted: boolean }>(sql, [toJsonRows(batch)]);
  const inserted = res.rows.filter((r) => r.inserted).length;
  if (hook && res.rows.length) {
    await hook.afterWrite(client, { table: t.table, keys: res.rows.map((r) => Object.fromEntries(t.primaryKey.map((k) => [k, r[k]]))) });
  }
  return { inserted, updated: res.rows.length - inserted, unchanged: skipped + batch.length - res.rows.length, deleted: 0 };
}

const snapshotSqlCache = new WeakMap<object, string>();
