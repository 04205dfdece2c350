// Reconciliation of the mirror with PostgreSQL, one business day of one mapping at a time
// (they replace the old dedup.py and force_sync.py): compare key by key, PostgreSQL (the truth)
// against the Bitable records whose date field is that day; clean duplicates and stale records
// and queue what is missing or different; or delete the day in Bitable and queue it again.
// Repairs hold the base's writer lock (base-lock.ts). The doors (/dedup, `tongbu dedup`,
// `--force`) resolve and check their inputs in src/ops/dedup.ts and call these.
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';
import { BitableApiError, type BitableApi, type BitableRecordOut } from './api.js';
import { withBaseLock } from './base-lock.js';
import { createBitableApi } from './deps.js';
import { baseOf, type BitableMapping } from './mapping.js';
import { enqueueWhere } from './outbox.js';
import { dateFilterSql, dayStartMs, describeSource, fieldSelectSql, fieldsHash, plainCell, q, recordKeySql, rowToFields, sameCell, type BitableFields, type SourceInfo } from './source.js';
import { ensureTarget, type BitableTarget } from './target.js';

/** How many keys each list shows. */
const FIRST = 10;

export interface KeyList {
  count: number;
  /** The first few record keys (`2026-02-11|<account>|<unit>`). */
  keys: string[];
}

export interface DedupCheckResult {
  mapping: string;
  table: string;
  date: string;
  postgresRows: number;
  bitableRecords: number;
  /** In PostgreSQL, not in Bitable. */
  missing: KeyList;
  /** In Bitable more than once. */
  duplicated: KeyList;
  /** In both, with other values in Bitable. */
  different: KeyList;
  /** In Bitable for that day, not in PostgreSQL for that day. */
  extra: KeyList;
  /** Records with an empty record-key field (added by hand): never touched. */
  unkeyed: number;
  clean: boolean;
}

export interface DedupCleanResult {
  before: DedupCheckResult;
  deletedDuplicates: number;
  deletedExtra: number;
  requeuedMissing: number;
  requeuedDifferent: number;
}

export interface ForceResyncResult {
  mapping: string;
  table: string;
  date: string;
  deleted: number;
  queued: number;
}

interface Context {
  services: Services;
  mapping: BitableMapping;
  date: string;
  api: BitableApi;
  target: BitableTarget;
  info: SourceInfo;
}

const list = (keys: string[]): KeyList => ({ count: keys.length, keys: keys.slice(0, FIRST) });

async function open(services: Services, mapping: BitableMapping, day: string): Promise<Context> {
  const deps = services.bitable;
  const appToken = baseOf(mapping, services.config);
  if (!appToken) throw new TongbuError('BITABLE_OFF', 'BITABLE_APP_TOKEN is not set');
  if (!deps) throw new TongbuError('BITABLE_OFF', 'the Feishu app is not configured (FEISHU_APP_ID, FEISHU_APP_SECRET)');
  if (!mapping.dateColumn || !mapping.dateField) throw new TongbuError('BITABLE_NO_DATE', mapping.name);
  const info = await describeSource(services.pool, mapping);
  const api = createBitableApi(services, deps);
  const target = await apiCall(() => ensureTarget(api, appToken, mapping, info));
  return { services, mapping, date: day, api, target, info };
}

async function apiCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BitableApiError) throw new TongbuError('BITABLE_API_FAILED', e.message, { cause: e });
    throw e;
  }
}

interface Comparison {
  result: DedupCheckResult;
  /** key → the fields PostgreSQL says */
  expected: Map<string, BitableFields>;
  /** key → its Bitable records */
  found: Map<string, BitableRecordOut[]>;
  /** key → mapped record id */
  mapped: Map<string, string>;
}

async function dayRecords(ctx: Context): Promise<BitableRecordOut[]> {
  const { mapping, target, api, date, services } = ctx;
  return apiCall(() =>
    api.search(target.appToken, target.tableId, {
      conjunction: 'and',
      conditions: [{ field_name: mapping.dateField as string, operator: 'is', value: ['ExactDate', String(dayStartMs(date, services.config.TZ_BUSINESS))] }],
    }),
  );
}

async function compare(ctx: Context): Promise<Comparison> {
  const { mapping, info, date, services, target } = ctx;
  const tz = services.config.TZ_BUSINESS;
  const rows = await services.pool.query(
    `SELECT ${recordKeySql(mapping, 't')} AS record_key, ${fieldSelectSql(mapping, info, tz, 't')}
     FROM ${q(mapping.source)} t WHERE ${dateFilterSql(mapping, info, tz, 't', '$1')}`,
    [date],
  );
  const expected = new Map<string, BitableFields>();
  for (const row of rows.rows as Record<string, unknown>[]) expected.set(String(row.record_key), rowToFields(mapping, row, String(row.record_key)));

  const records = await dayRecords(ctx);
  const found = new Map<string, BitableRecordOut[]>();
  let unkeyed = 0;
  for (const r of records) {
    const key = plainCell(r.fields[mapping.keyField]);
    if (key === null) {
      unkeyed += 1;
      continue;
    }
    found.set(String(key), [...(found.get(String(key)) ?? []), r]);
  }

  const keys = [...new Set([...expected.keys(), ...found.keys()])];
  const m = await services.pool.query<{ record_key: string; record_id: string }>(
    'SELECT record_key, record_id FROM bitable_records WHERE mapping = $1 AND table_id = $2 AND record_key = ANY($3::text[])',
    [mapping.name, target.tableId, keys],
  );
  const mapped = new Map(m.rows.map((r) => [r.record_key, r.record_id]));

  const missing: string[] = [];
  const duplicated: string[] = [];
  const different: string[] = [];
  const extra: string[] = [];
  for (const [key, fields] of expected) {
    const recs = found.get(key) ?? [];
    if (!recs.length) {
      missing.push(key);
      continue;
    }
    if (recs.length > 1) duplicated.push(key);
    const kept = recs.find((r) => r.record_id === mapped.get(key)) ?? recs[0];
    if (kept && mapping.fields.some((f) => !sameCell(kept.fields[f.field], fields[f.field]))) different.push(key);
  }
  for (const key of found.keys()) if (!expected.has(key)) extra.push(key);
  const sort = (a: string[]) => a.sort();
  const result: DedupCheckResult = {
    mapping: mapping.name,
    table: mapping.table,
    date,
    postgresRows: expected.size,
    bitableRecords: records.length,
    missing: list(sort(missing)),
    duplicated: list(sort(duplicated)),
    different: list(sort(different)),
    extra: list(sort(extra)),
    unkeyed,
    clean: !missing.length && !duplicated.length && !different.length && !extra.length,
  };
  return { result, expected, found, mapped };
}

async function deleteRecords(ctx: Context, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await apiCall(() => ctx.api.batchDelete(ctx.target.appToken, ctx.target.tableId, part));
  }
}

/** Per key, PostgreSQL vs Bitable for one business day (YYYY-MM-DD): missing, duplicated, different, extra. */
export async function checkDay(services: Services, mapping: BitableMapping, day: string): Promise<DedupCheckResult> {
  const ctx = await open(services, mapping, day);
  return (await compare(ctx)).result;
}

/**
 * Repair one day: delete duplicate records (the mapped one is kept), delete records whose key is
 * no longer in PostgreSQL at all, and queue missing and different rows for the writer.
 */
export async function cleanDay(services: Services, mapping: BitableMapping, day: string): Promise<DedupCleanResult> {
  const ctx = await open(services, mapping, day);
  const { target } = ctx;
  return withBaseLock(services.pool, target.appToken, async () => {
    const { result, expected, found, mapped } = await compare(ctx);
    const pool = services.pool;

    // Duplicates: keep the mapped record (or the first), delete the others, and remember the kept one.
    const dupIds: string[] = [];
    const keep: { key: string; id: string; hash: string }[] = [];
    for (const [key, recs] of found) {
      const fields = expected.get(key);
      if (!fields) continue;
      const kept = recs.find((r) => r.record_id === mapped.get(key)) ?? recs[0];
      if (!kept) continue;
      for (const r of recs) if (r !== kept) dupIds.push(r.record_id);
      const same = mapping.fields.every((f) => sameCell(kept.fields[f.field], fields[f.field]));
      // An empty hash makes the writer send the row again (an update of the kept record).
      keep.push({ key, id: kept.record_id, hash: same ? fieldsHash(fields) : '' });
    }

    // Extra: records for this day whose key has no row in PostgreSQL at all (a row deleted, or
    // moved to another day, keeps its record until then).
    const extraKeys = [...found.keys()].filter((k) => !expected.has(k));
    let goneKeys: string[] = [];
    if (extraKeys.length) {
      const still = await pool.query<{ k: string }>(`SELECT ${recordKeySql(mapping, 't')} AS k FROM ${q(mapping.source)} t WHERE ${recordKeySql(mapping, 't')} = ANY($1::text[])`, [extraKeys]);
      const present = new Set(still.rows.map((r) => r.k));
      goneKeys = extraKeys.filter((k) => !present.has(k));
    }
    const extraIds = goneKeys.flatMap((k) => (found.get(k) ?? []).map((r) => r.record_id));

    await deleteRecords(ctx, [...dupIds, ...extraIds]);

    const missingKeys = [...expected.keys()].filter((k) => !found.has(k));
    const differentKeys = keep.filter((k) => !k.hash).map((k) => k.key);
    await pool.query(
      `INSERT INTO bitable_records (mapping, record_key, table_id, record_id, fields_hash)
       SELECT $1, k, $2, r, h FROM unnest($3::text[], $4::text[], $5::text[]) AS x(k, r, h)
       ON CONFLICT (mapping, record_key) DO UPDATE SET table_id = EXCLUDED.table_id, record_id = EXCLUDED.record_id,
         fields_hash = EXCLUDED.fields_hash, updated_at = now()`,
      [mapping.name, target.tableId, keep.map((k) => k.key), keep.map((k) => k.id), keep.map((k) => k.hash)],
    );
    await pool.query('DELETE FROM bitable_records WHERE mapping = $1 AND record_key = ANY($2::text[])', [mapping.name, [...missingKeys, ...goneKeys]]);
    const requeue = [...missingKeys, ...differentKeys];
    if (requeue.length) {
      const tz = services.config.TZ_BUSINESS;
      await enqueueWhere(pool, mapping, `${dateFilterSql(mapping, ctx.info, tz, 't', '$2')} AND ${recordKeySql(mapping, 't')} = ANY($3::text[])`, [ctx.date, requeue]);
    }
    return { before: result, deletedDuplicates: dupIds.length, deletedExtra: extraIds.length, requeuedMissing: missingKeys.length, requeuedDifferent: differentKeys.length };
  });
}

/** `--force`: delete every Bitable record of that day and queue the day's rows to be written again. */
export async function resendDay(services: Services, mapping: BitableMapping, day: string): Promise<ForceResyncResult> {
  const ctx = await open(services, mapping, day);
  const { target } = ctx;
  return withBaseLock(services.pool, target.appToken, async () => {
    const records = await dayRecords(ctx);
    const ids = records.map((r) => r.record_id);
    await deleteRecords(ctx, ids);
    const tz = services.config.TZ_BUSINESS;
    // Forget the mapping of every deleted record and of every row of the day, then queue the day.
    await services.pool.query(
      `DELETE FROM bitable_records WHERE mapping = $1 AND (record_id = ANY($2::text[])
         OR record_key IN (SELECT ${recordKeySql(mapping, 't')} FROM ${q(mapping.source)} t WHERE ${dateFilterSql(mapping, ctx.info, tz, 't', '$3')}))`,
      [mapping.name, ids, ctx.date],
    );
    const queued = await enqueueWhere(services.pool, mapping, dateFilterSql(mapping, ctx.info, tz, 't', '$2'), [ctx.date]);
    return { mapping: mapping.name, table: mapping.table, date: ctx.date, deleted: ids.length, queued };
  });
}
