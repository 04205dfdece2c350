// The mirror writer: drains the outbox into Bitable (docs/bitable-mirror.md).
//
// - One writer per base across replicas: a PostgreSQL advisory lock keyed by the base is held
//   for each drain pass; a replica that cannot take it skips the pass. Inside a pass, calls are
//   strictly serial (the platform answers 1254291 to concurrent writes on one base) and within
//   the write budget (BITABLE_WRITES_PER_SECOND, 50 in any second; rate-limiter.ts).
// - The writer reads the CURRENT row when it drains: create when no record is mapped, update
//   when the fields' hash changed, nothing (no API call) when it did not, delete when the row
//   is gone. Batches of ≤ 500 (BITABLE_BATCH_SIZE).
// - Exactly once across crashes: a batch_create is saved with its client_token and exact body
//   BEFORE the call; the record ids, the outbox removal and the batch removal are saved in one
//   transaction AFTER it. After a crash in between, the next pass replays the saved batch with
//   the same token and Bitable answers with the records it already made (no second insert).
//   Updates and deletes are idempotent by record id.
// - Planning the next chunk (PostgreSQL) overlaps with the calls of the current one, and saves
//   run in the background, so the API budget, not the database, sets the pace.
// - 99991403 (the tenant's monthly API quota is used up, feishu.md §7): no call can succeed
//   before the 1st, so the writer makes none. It pauses until 00:00 on the 1st (Asia/Shanghai)
//   with ONE alert; queued rows stay in the outbox, a saved batch is replayed after the pause.
// - Failing entries back off (1 s doubling, ≤ 10 min) and raise one alert after
//   BITABLE_ALERT_AFTER_ATTEMPTS; 1254103 (table full) parks the mapping's new rows with ONE
//   alert and no further create calls until BITABLE_PARK_MINUTES passed.
import { randomUUID } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import { inTransaction } from '../db/pool.js';
import { formatBusinessTime, nextMonthStart } from '../engine/time.js';
import { describeError, TongbuError } from '../errors.js';
import type { Services } from '../services.js';
import { BitableApiError, type BitableApi } from './api.js';
import { createBitableApi, mappingsOf, type BitableDeps } from './deps.js';
import { tryLockBase } from './base-lock.js';
import { baseOf, type BitableMapping } from './mapping.js';
import { describeSource, fieldSelectSql, fieldsHash, q, rowToFields, type BitableFields, type SourceInfo } from './source.js';
import { ensureTarget, type BitableTarget } from './target.js';

export type CrashPoint = 'beforeCall' | 'afterCall' | 'afterSave';

/** 99991403: this month's API quota is used up (for every app of the tenant). */
const QUOTA_CODE = 99991403;
export const QUOTA_ALERT_KEY = 'feishu-quota';

/** Stops a pass when the quota is used up: no further call of this pass could succeed. */
class QuotaExhausted extends Error {
  constructor(readonly error: unknown) {
    super("this month's Feishu API quota is used up");
    this.name = 'QuotaExhausted';
  }
}

/** Thrown by an injected crash (tests): the pass stops dead at that point. */
export class SimulatedCrash extends Error {
  constructor(at: CrashPoint, batch: number) {
    super(`simulated crash ${at} of batch ${batch}`);
    this.name = 'SimulatedCrash';
  }
}

export interface MirrorWriterOptions extends Omit<BitableDeps, 'client'> {
  batchSize?: number;
  alertAfterAttempts?: number;
  parkMinutes?: number;
  pollMs?: number;
  /** First delay before a failed entry is tried again (doubles per attempt, ≤ 10 min). */
  failureBackoffMs?: number;
  /** Outbox entries planned at a time. */
  chunkSize?: number;
  /** false: no background loop; call drainOnce() yourself (tests, CLI). */
  loop?: boolean;
  /** Tests: throw SimulatedCrash at this point of the n-th batch call (1-based, all ops counted). */
  crash?: { at: CrashPoint; onBatch?: number };
  /** The clock (tests: the month turning). */
  now?: () => Date;
}

export interface DrainReport {
  created: number;
  updated: number;
  deleted: number;
  /** Entries whose mirrored fields did not change (no API call). */
  unchanged: number;
  /** Batches replayed after a crash. */
  replayed: number;
  failed: number;
  parked: number;
  /** True when another replica holds a base's writer lock. */
  locked: boolean;
  /** Mappings skipped with the reason (source missing, field type mismatch, …). */
  skipped: { mapping: string; reason: string }[];
  /** Set while the monthly API quota is used up: no calls are made before this time. */
  pausedUntil?: Date;
}

export interface MirrorWriter {
  drainOnce(): Promise<DrainReport>;
  stop(): Promise<void>;
  api: BitableApi;
}

interface Item {
  id: number;
  version: number;
  key: string;
  attempts: number;
  recordId?: string;
  fields?: BitableFields;
  hash?: string;
}

interface Plan {
  maxId: number;
  count: number;
  creates: Item[];
  updates: Item[];
  deletes: Item[];
}

interface Ready {
  target: BitableTarget;
  info: SourceInfo;
  selectSql: string;
}

const emptyReport = (): DrainReport => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, replayed: 0, failed: 0, parked: 0, locked: false, skipped: [] });

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function startMirrorWriter(services: Services, client: lark.Client, opts: MirrorWriterOptions = {}): MirrorWriter {
  const { config, pool, log } = services;
  const mappings = mappingsOf(services, opts).filter((m) => m.enabled);
  const api = createBitableApi(services, { client, countCall: opts.countCall, api: opts.api });
  const batchSize = Math.min(500, opts.batchSize ?? config.BITABLE_BATCH_SIZE);
  const alertAfter = opts.alertAfterAttempts ?? config.BITABLE_ALERT_AFTER_ATTEMPTS;
  const parkMinutes = opts.parkMinutes ?? config.BITABLE_PARK_MINUTES;
  const failureBackoffMs = opts.failureBackoffMs ?? 1000;
  const chunkSize = opts.chunkSize ?? 5000;
  const tz = config.TZ_BUSINESS;
  const ready = new Map<string, Ready>();
  /** Alert keys raised and not yet recovered (one alert per failure, not one per pass). */
  const alerting = new Set<string>();
  let batchNo = 0;
  const now = opts.now ?? (() => new Date());
  /** When the monthly quota was found used up: calls resume at this time. */
  let pausedUntil: Date | undefined;
  const stopOnQuota = (e: unknown) => {
    if (e instanceof BitableApiError && e.code === QUOTA_CODE) throw new QuotaExhausted(e);
  };

  const byBase = new Map<string, BitableMapping[]>();
  for (const m of mappings) {
    const base = baseOf(m, config);
    if (base) byBase.set(base, [...(byBase.get(base) ?? []), m]);
  }

  async function alert(key: string, title: string, e: unknown, extra?: string) {
    if (alerting.has(key)) return;
    alerting.add(key);
    const d = describeError(e);
    log.error({ key, err: d }, title);
    await services.notifier?.alert({ key, title, message: extra ? `${d.message} ${extra}` : d.message, action: d.action }).catch(() => undefined);
  }
  async function recover(key: string, message: string) {
    if (!alerting.delete(key)) return;
    await services.notifier?.recover(key, message).catch(() => undefined);
  }

  function crashPoint(at: CrashPoint, n: number) {
    if (opts.crash && opts.crash.at === at && (opts.crash.onBatch ?? 1) === n) throw new SimulatedCrash(at, n);
  }

  async function prepare(appToken: string, m: BitableMapping): Promise<Ready> {
    const cached = ready.get(m.name);
    if (cached) return cached;
    const info = await describeSource(pool, m);
    const target = await ensureTarget(api, appToken, m, info);
    const keyJoin = m.key.map((c) => `t.${q(c)} = k.${q(c)}`).join(' AND ');
    const selectSql = `SELECT o.id, o.version, o.record_key, o.attempts, r.record_id, r.fields_hash,
        (t.${q(m.key[0] as string)} IS NOT NULL) AS present, ${fieldSelectSql(m, info, tz, 't')}
      FROM (SELECT * FROM bitable_outbox WHERE mapping = $1 AND id > $3 AND next_attempt_at <= now() ORDER BY id LIMIT $4) o
      CROSS JOIN LATERAL jsonb_populate_record(null::${q(m.source)}, o.keys) k
      -- LATERAL … LIMIT 1: one primary-key lookup per entry whatever the table statistics say
      -- (fresh tables without ANALYZE otherwise get a nested loop over all mapped records).
      LEFT JOIN LATERAL (SELECT * FROM ${q(m.source)} t WHERE ${keyJoin} LIMIT 1) t ON true
      LEFT JOIN LATERAL (SELECT r.record_id, r.fields_hash FROM bitable_records r
        WHERE r.mapping = o.mapping AND r.record_key = o.record_key AND r.table_id = $2 LIMIT 1) r ON true
      ORDER BY o.id`;
    const r = { target, info, selectSql };
    ready.set(m.name, r);
    return r;
  }

  const removeDone = (client: Pick<typeof pool, 'query'>, items: Item[]) =>
    client.query(`DELETE FROM bitable_outbox o USING unnest($1::bigint[], $2::int[]) AS x(id, version) WHERE o.id = x.id AND o.version = x.version`, [
      items.map((i) => i.id),
      items.map((i) => i.version),
    ]);

  async function plan(m: BitableMapping, r: Ready, cursor: number, limit: number): Promise<Plan> {
    const res = await pool.query(r.selectSql, [m.name, r.target.tableId, cursor, limit]);
    const p: Plan = { maxId: cursor, count: res.rows.length, creates: [], updates: [], deletes: [] };
    const unchanged: Item[] = [];
    for (const row of res.rows as Record<string, unknown>[]) {
      const item: Item = { id: Number(row.id), version: Number(row.version), key: String(row.record_key), attempts: Number(row.attempts), recordId: (row.record_id as string | null) ?? undefined };
      p.maxId = Math.max(p.maxId, item.id);
      if (!row.present) {
        if (item.recordId) p.deletes.push(item);
        else unchanged.push(item);
        continue;
      }
      item.fields = rowToFields(m, row, item.key);
      item.hash = fieldsHash(item.fields);
      if (!item.recordId) p.creates.push(item);
      else if (item.hash !== row.fields_hash) p.updates.push(item);
      else unchanged.push(item);
    }
    if (unchanged.length) await removeDone(pool, unchanged);
    return Object.assign(p, { unchangedCount: unchanged.length });
  }

  async function saveCreated(m: BitableMapping, tableId: string, items: Item[], ids: string[], clientToken: string) {
    await inTransaction(pool, async (c) => {
      await c.query(
        `INSERT INTO bitable_records (mapping, record_key, table_id, record_id, fields_hash)
         SELECT $1, k, $2, r, h FROM unnest($3::text[], $4::text[], $5::text[]) AS x(k, r, h)
         ON CONFLICT (mapping, record_key) DO UPDATE SET table_id = EXCLUDED.table_id, record_id = EXCLUDED.record_id,
           fields_hash = EXCLUDED.fields_hash, updated_at = now()`,
        [m.name, tableId, items.map((i) => i.key), ids, items.map((i) => i.hash ?? '')],
      );
      await removeDone(c, items);
      await c.query('DELETE FROM bitable_batches WHERE client_token = $1', [clientToken]);
    });
  }

  async function saveUpdated(m: BitableMapping, items: Item[]) {
    await inTransaction(pool, async (c) => {
      await c.query(
        `UPDATE bitable_records b SET fields_hash = x.h, updated_at = now() FROM unnest($2::text[], $3::text[]) AS x(k, h)
         WHERE b.mapping = $1 AND b.record_key = x.k`,
        [m.name, items.map((i) => i.key), items.map((i) => i.hash ?? '')],
      );
      await removeDone(c, items);
    });
  }

  async function saveDeleted(m: BitableMapping, items: Item[]) {
    await inTransaction(pool, async (c) => {
      await c.query('DELETE FROM bitable_records WHERE mapping = $1 AND record_key = ANY($2::text[])', [m.name, items.map((i) => i.key)]);
      await removeDone(c, items);
    });
  }

  async function markFailed(items: Item[], e: unknown, m?: BitableMapping) {
    // The table was deleted in Bitable: find (or create) it again on the next pass.
    if (m && isCode(e, 1254041)) ready.delete(m.name);
    const msg = e instanceof Error ? e.message : String(e);
    await pool.query(
      `UPDATE bitable_outbox SET attempts = attempts + 1, last_error = $2,
         next_attempt_at = now() + least(600000, $3::float8 * power(2, attempts)) * interval '1 millisecond'
       WHERE id = ANY($1::bigint[])`,
      [items.map((i) => i.id), msg.slice(0, 500), failureBackoffMs],
    );
  }

  async function park(items: Item[], e: unknown) {
    await pool.query(
      `UPDATE bitable_outbox SET attempts = attempts + 1, parked = true, last_error = $2,
         next_attempt_at = now() + $3::int * interval '1 minute' WHERE id = ANY($1::bigint[])`,
      [items.map((i) => i.id), (e instanceof Error ? e.message : String(e)).slice(0, 500), parkMinutes],
    );
  }

  const isCode = (e: unknown, code: number) => e instanceof BitableApiError && e.code === code;

  /** Per-pass state of one mapping. */
  interface Pass {
    m: BitableMapping;
    r: Ready;
    report: DrainReport;
    saves: Promise<unknown>[];
    tableFull: boolean;
  }

  async function onTableFull(pass: Pass, items: Item[], e: unknown) {
    pass.tableFull = true;
    await park(items, e);
    pass.report.parked += items.length;
    const count = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM bitable_outbox WHERE mapping = $1 AND parked', [pass.m.name]);
    await alert(
      `bitable-table-full:${pass.m.name}`,
      `Bitable mirror of ${pass.m.source}`,
      new TongbuError('BITABLE_TABLE_FULL', `${pass.m.table}`),
      `${count.rows[0]?.n ?? items.length} new rows are waiting.`,
    );
  }

  async function runCreate(pass: Pass, items: Item[], clientToken: string, records: { fields: BitableFields }[]): Promise<boolean> {
    const { m, r } = pass;
    const n = ++batchNo;
    crashPoint('beforeCall', n);
    let ids: string[];
    try {
      ids = await api.batchCreate(r.target.appToken, r.target.tableId, records, clientToken);
    } catch (e) {
      // The saved batch stays: it is replayed with its client_token once calls work again.
      stopOnQuota(e);
      if (isCode(e, 1254103)) {
        await pool.query('DELETE FROM bitable_batches WHERE client_token = $1', [clientToken]);
        await onTableFull(pass, items, e);
        return false;
      }
      // A transient failure may have created the records: keep the saved batch for a replay.
      if (!(e instanceof BitableApiError && e.transient)) await pool.query('DELETE FROM bitable_batches WHERE client_token = $1', [clientToken]);
      await markFailed(items, e, m);
      pass.report.failed += items.length;
      log.warn({ mapping: m.name, err: describeError(e) }, 'Bitable batch_create failed; rows stay queued');
      return false;
    }
    crashPoint('afterCall', n);
    const save = saveCreated(m, r.target.tableId, items, ids, clientToken);
    pass.saves.push(save);
    pass.report.created += items.length;
    if (opts.crash?.at === 'afterSave' && (opts.crash.onBatch ?? 1) === n) {
      await save;
      crashPoint('afterSave', n);
    }
    await recover(`bitable-table-full:${m.name}`, `Bitable table ${m.table} accepts new records again.`);
    return true;
  }

  async function runUpdate(pass: Pass, items: Item[]) {
    const { m, r } = pass;
    const n = ++batchNo;
    crashPoint('beforeCall', n);
    try {
      await api.batchUpdate(r.target.appToken, r.target.tableId, items.map((i) => ({ record_id: i.recordId as string, fields: i.fields as BitableFields })));
    } catch (e) {
      stopOnQuota(e);
      if (isCode(e, 1254043)) {
        // A mapped record was deleted in Bitable by hand: update the rest one by one and
        // forget the missing ones, so the next pass creates them again.
        const gone: Item[] = [];
        const done: Item[] = [];
        for (const i of items) {
          try {
            await api.updateRecord(r.target.appToken, r.target.tableId, i.recordId as string, i.fields as BitableFields);
            done.push(i);
          } catch (e2) {
            stopOnQuota(e2);
            if (isCode(e2, 1254043)) gone.push(i);
            else throw e2;
          }
        }
        if (gone.length) await pool.query('DELETE FROM bitable_records WHERE mapping = $1 AND record_key = ANY($2::text[])', [m.name, gone.map((i) => i.key)]);
        if (done.length) pass.saves.push(saveUpdated(m, done));
        pass.report.updated += done.length;
        return;
      }
      await markFailed(items, e, m);
      pass.report.failed += items.length;
      log.warn({ mapping: m.name, err: describeError(e) }, 'Bitable batch_update failed; rows stay queued');
      return;
    }
    crashPoint('afterCall', n);
    const save = saveUpdated(m, items);
    pass.saves.push(save);
    pass.report.updated += items.length;
    if (opts.crash?.at === 'afterSave' && (opts.crash.onBatch ?? 1) === n) {
      await save;
      crashPoint('afterSave', n);
    }
  }

  async function runDelete(pass: Pass, items: Item[]) {
    const { m, r } = pass;
    const n = ++batchNo;
    crashPoint('beforeCall', n);
    try {
      await api.batchDelete(r.target.appToken, r.target.tableId, items.map((i) => i.recordId as string));
    } catch (e) {
      stopOnQuota(e);
      if (isCode(e, 1254043)) {
        // Some are gone already (a crash after an earlier delete, or by hand): one by one.
        for (const i of items) {
          try {
            await api.deleteRecord(r.target.appToken, r.target.tableId, i.recordId as string);
          } catch (e2) {
            stopOnQuota(e2);
            if (!isCode(e2, 1254043)) throw e2;
          }
        }
      } else {
        await markFailed(items, e, m);
        pass.report.failed += items.length;
        log.warn({ mapping: m.name, err: describeError(e) }, 'Bitable batch_delete failed; rows stay queued');
        return;
      }
    }
    crashPoint('afterCall', n);
    const save = saveDeleted(m, items);
    pass.saves.push(save);
    pass.report.deleted += items.length;
    if (opts.crash?.at === 'afterSave' && (opts.crash.onBatch ?? 1) === n) {
      await save;
      crashPoint('afterSave', n);
    }
  }

  /** Batches saved before a crash: replay them with their client_token. False: stop this mapping. */
  async function replay(pass: Pass): Promise<boolean> {
    const { m, r } = pass;
    const res = await pool.query<{ client_token: string; table_id: string; items: Item[]; records: string }>(
      'SELECT client_token, table_id, items, records FROM bitable_batches WHERE mapping = $1 ORDER BY created_at, client_token',
      [m.name],
    );
    for (const b of res.rows) {
      if (b.table_id !== r.target.tableId) {
        // The table was replaced; its rows are still queued and go to the new table.
        await pool.query('DELETE FROM bitable_batches WHERE client_token = $1', [b.client_token]);
        continue;
      }
      let ids: string[];
      try {
        ids = await api.batchCreate(r.target.appToken, b.table_id, JSON.parse(b.records) as { fields: BitableFields }[], b.client_token);
      } catch (e) {
        stopOnQuota(e);
        if (e instanceof BitableApiError && e.transient) return false;
        await pool.query('DELETE FROM bitable_batches WHERE client_token = $1', [b.client_token]);
        if (isCode(e, 1254103)) await onTableFull(pass, b.items, e);
        else await markFailed(b.items, e, m);
        continue;
      }
      await saveCreated(m, b.table_id, b.items, ids, b.client_token);
      pass.report.replayed += 1;
    }
    return true;
  }

  async function execute(pass: Pass, p: Plan) {
    const { m, r } = pass;
    if (p.creates.length) {
      if (pass.tableFull) {
        await park(p.creates, new TongbuError('BITABLE_TABLE_FULL', m.table));
        pass.report.parked += p.creates.length;
      } else {
        const batches = chunk(p.creates, batchSize).map((items) => ({
          items,
          token: randomUUID(),
          records: items.map((i) => ({ fields: i.fields as BitableFields })),
        }));
        // Each batch is saved with its token and body before its call (the replay after a crash
        // sends exactly these); the next batch is saved while this one's call is in flight.
        const persist = (b: (typeof batches)[number]) => {
          const saved = pool.query(`INSERT INTO bitable_batches (client_token, mapping, table_id, items, records) VALUES ($1, $2, $3, $4, $5)`, [
            b.token,
            m.name,
            r.target.tableId,
            JSON.stringify(b.items.map(({ id, version, key, hash }) => ({ id, version, key, hash }))),
            JSON.stringify(b.records),
          ]);
          pass.saves.push(saved);
          return saved;
        };
        let saved = batches[0] ? persist(batches[0]) : undefined;
        for (const [i, b] of batches.entries()) {
          await saved;
          if (pass.tableFull) {
            const rest = batches.slice(i);
            await pool.query('DELETE FROM bitable_batches WHERE client_token = ANY($1::text[])', [rest.map((x) => x.token)]);
            const items = rest.flatMap((x) => x.items);
            await park(items, new TongbuError('BITABLE_TABLE_FULL', m.table));
            pass.report.parked += items.length;
            break;
          }
          const call = runCreate(pass, b.items, b.token, b.records);
          const next = batches[i + 1];
          saved = next ? persist(next) : undefined;
          await call;
        }
      }
    }
    for (const items of chunk(p.updates, batchSize)) await runUpdate(pass, items);
    for (const items of chunk(p.deletes, batchSize)) await runDelete(pass, items);
  }

  async function checkFailing(m: BitableMapping) {
    const res = await pool.query<{ n: number; last_error: string | null }>(
      `SELECT count(*)::int AS n, max(last_error) AS last_error FROM bitable_outbox WHERE mapping = $1 AND attempts >= $2 AND NOT parked`,
      [m.name, alertAfter],
    );
    const row = res.rows[0];
    const key = `bitable-failing:${m.name}`;
    if (row && row.n > 0) {
      await alert(key, `Bitable mirror of ${m.source}`, new TongbuError('BITABLE_API_FAILED', `${row.n} rows failed ${alertAfter} times or more; last error: ${row.last_error ?? 'unknown'}`));
    } else {
      await recover(key, `Bitable mirror of ${m.source} is writing again.`);
    }
  }

  async function drainMapping(appToken: string, m: BitableMapping, report: DrainReport) {
    let r: Ready;
    try {
      r = await prepare(appToken, m);
      await recover(`bitable-setup:${m.name}`, `Bitable table ${m.table} is ready.`);
    } catch (e) {
      stopOnQuota(e);
      if ((e instanceof BitableApiError && e.transient) || (e instanceof TongbuError && e.code === 'BITABLE_SOURCE_MISSING')) {
        // Transient, or a connector whose table is not migrated yet: no alert, the status shows it.
        report.skipped.push({ mapping: m.name, reason: e.message });
        return;
      }
      const err = e instanceof BitableApiError ? new TongbuError('BITABLE_API_FAILED', e.message) : e;
      report.skipped.push({ mapping: m.name, reason: describeError(err).message });
      await alert(`bitable-setup:${m.name}`, `Bitable mirror of ${m.source}`, err);
      return;
    }
    const pass: Pass = { m, r, report, saves: [], tableFull: false };
    try {
      if (!(await replay(pass))) {
        report.skipped.push({ mapping: m.name, reason: 'replay of a saved batch failed; retrying next pass' });
        return;
      }
      let cursor = 0;
      // A small first chunk gets the first call out early; later chunks grow to chunkSize and
      // are planned while the previous chunk's calls run.
      let limit = Math.min(chunkSize, 2 * batchSize);
      let next: Promise<Plan & { unchangedCount?: number }> = plan(m, r, cursor, limit);
      for (;;) {
        const p = await next;
        report.unchanged += p.unchangedCount ?? 0;
        if (!p.count) break;
        cursor = p.maxId;
        // Plan the next chunk while this one's calls run.
        limit = Math.min(chunkSize, limit * 2);
        next = plan(m, r, cursor, limit);
        next.catch(() => undefined);
        try {
          await execute(pass, p);
        } catch (e) {
          await next.catch(() => undefined);
          throw e;
        }
      }
    } finally {
      await Promise.allSettled(pass.saves);
    }
    const failedSave = (await Promise.allSettled(pass.saves)).find((s) => s.status === 'rejected');
    if (failedSave) throw (failedSave as PromiseRejectedResult).reason;
    await checkFailing(m);
  }

  async function drainOnce(): Promise<DrainReport> {
    const report = emptyReport();
    if (pausedUntil && now() < pausedUntil) {
      report.pausedUntil = pausedUntil;
      return report;
    }
    let quota: QuotaExhausted | undefined;
    for (const [appToken, maps] of byBase) {
      if (quota) break;
      const lock = await tryLockBase(pool, appToken);
      if (!lock) {
        report.locked = true;
        continue;
      }
      try {
        for (const m of maps) {
          try {
            await drainMapping(appToken, m, report);
          } catch (e) {
            if (e instanceof SimulatedCrash) throw e;
            if (e instanceof QuotaExhausted) {
              quota = e;
              break;
            }
            report.skipped.push({ mapping: m.name, reason: describeError(e).message });
            log.error({ mapping: m.name, err: describeError(e) }, 'Bitable mirror pass failed');
          }
        }
      } finally {
        await lock.release();
      }
    }
    if (quota) {
      pausedUntil = nextMonthStart(now());
      report.pausedUntil = pausedUntil;
      log.error({ until: pausedUntil, err: describeError(quota.error) }, 'Feishu monthly API quota used up: the Bitable mirror pauses');
      await alert(
        QUOTA_ALERT_KEY,
        'Feishu API quota used up',
        new TongbuError('FEISHU_QUOTA_EXCEEDED', `The Bitable mirror makes no calls until ${formatBusinessTime(pausedUntil)} (Asia/Shanghai), when the quota resets.`),
      );
    } else if (pausedUntil) {
      pausedUntil = undefined;
      await recover(QUOTA_ALERT_KEY, 'Feishu API calls work again: the Bitable mirror is writing the queued rows.');
    }
    return report;
  }

  let stopped = false;
  let wake: (() => void) | undefined;
  let loopDone: Promise<void> = Promise.resolve();
  if (opts.loop !== false && byBase.size) {
    const pollMs = opts.pollMs ?? config.BITABLE_POLL_MS;
    loopDone = (async () => {
      while (!stopped) {
        let busy = false;
        try {
          const r = await drainOnce();
          busy = r.created + r.updated + r.deleted + r.unchanged + r.replayed > 0;
        } catch (e) {
          log.error({ err: describeError(e) }, 'Bitable mirror writer failed; trying again');
        }
        if (!busy && !stopped) await new Promise<void>((res) => ((wake = res), setTimeout(res, pollMs)));
      }
    })();
  } else if (!byBase.size) {
    log.info('Bitable mirror is off: BITABLE_APP_TOKEN not set');
  }

  return {
    api,
    drainOnce,
    async stop() {
      stopped = true;
      wake?.();
      await loopDone;
    },
  };
}
