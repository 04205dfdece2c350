// The write calls of one mapping's pass, and what each outcome does to the outbox, the record
// map and the alerts: batch_create (saved before its call, replayed after a crash),
// batch_update and batch_delete (idempotent by record id), and the replay of saved batches.
// - 1254103 (table full) parks the mapping's new rows with ONE alert and no further create
//   calls this pass; updates and deletes go on.
// - 1254043 (a mapped record deleted by hand): the batch is redone one record at a time; a
//   record gone is forgotten (update: the next pass creates it) or counts as deleted.
// - A transient failure may have created the records: the saved batch stays for a replay.
// - 99991403 stops the pass (quota-pause.ts).
import type { Pool } from '../db/pool.js';
import { describeError, TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { MirrorAlerts } from './alert-once.js';
import { BitableApiError, type BitableApi } from './api.js';
import type { ReadyMapping } from './drain-plan.js';
import type { CrashPoint, DrainReport } from './drain-report.js';
import type { BitableMapping } from './mapping.js';
import { markFailed, park, parkedCount } from './outbox-retry.js';
import { stopOnQuota } from './quota-pause.js';
import { forgetRecords, saveCreated, saveDeleted, saveUpdated, type OutboxItem } from './record-map.js';
import { dropBatches, saveBatch, savedBatches, type CreateBatch } from './saved-batches.js';
import type { BitableFields } from './source.js';

export const isCode = (e: unknown, code: number) => e instanceof BitableApiError && e.code === code;

/** What the calls of one mapping's pass share. */
export interface MappingPass {
  pool: Pool;
  api: BitableApi;
  log: Logger;
  alerts: MirrorAlerts;
  m: BitableMapping;
  r: ReadyMapping;
  report: DrainReport;
  parkMinutes: number;
  failureBackoffMs: number;
  /** Set by the first 1254103 of the pass: new rows are parked without a call. */
  tableFull: boolean;
  /**
   * True while the pass still holds the base's lock. Checked after a batch is saved and before
   * its call: a pass whose lock went with its connection stops, and the new holder replays the
   * saved batch with its client_token (so the records are created once).
   */
  holdsLock(): Promise<boolean>;
  /** Numbers the pass's calls in start order, and throws an injected crash (tests). */
  crashPoint(at: CrashPoint, batchNo: number): void;
  nextBatchNo(): number;
  /** The table was deleted in Bitable (1254041): find or create it again on the next pass. */
  forgetTarget(): void;
}

async function failed(pass: MappingPass, items: OutboxItem[], e: unknown, call: string): Promise<void> {
  if (isCode(e, 1254041)) pass.forgetTarget();
  await markFailed(pass.pool, items, e, pass.failureBackoffMs);
  pass.report.failed += items.length;
  pass.log.warn({ mapping: pass.m.name, err: describeError(e) }, `Bitable ${call} failed; rows stay queued`);
}

async function parkNew(pass: MappingPass, items: OutboxItem[], e: unknown): Promise<void> {
  await park(pass.pool, items, e, pass.parkMinutes);
  pass.report.parked += items.length;
}

async function onTableFull(pass: MappingPass, items: OutboxItem[], e: unknown): Promise<void> {
  pass.tableFull = true;
  await parkNew(pass, items, e);
  const waiting = await parkedCount(pass.pool, pass.m.name);
  await pass.alerts.alert(
    `bitable-table-full:${pass.m.name}`,
    `Bitable mirror of ${pass.m.source}`,
    new TongbuError('BITABLE_TABLE_FULL', `${pass.m.table}`),
    `${waiting || items.length} new rows are waiting.`,
  );
}

/** A batch_create: saved with its token and body, called, and its record ids saved. */
export async function writeCreate(pass: MappingPass, b: CreateBatch): Promise<void> {
  const { pool, api, m, r } = pass;
  if (pass.tableFull) return parkNew(pass, b.items, new TongbuError('BITABLE_TABLE_FULL', m.table));
  await saveBatch(pool, m, r.target.tableId, b);
  if (!(await pass.holdsLock())) throw new TongbuError('BITABLE_LOCK_LOST', r.target.appToken);
  const n = pass.nextBatchNo();
  pass.crashPoint('beforeCall', n);
  let ids: string[];
  try {
    ids = await api.batchCreate(r.target.appToken, r.target.tableId, b.records, b.token);
  } catch (e) {
    // Quota: the saved batch stays, and is replayed with its client_token once calls work again.
    stopOnQuota(e);
    if (isCode(e, 1254103)) {
      await dropBatches(pool, [b.token]);
      return onTableFull(pass, b.items, e);
    }
    if (!(e instanceof BitableApiError && e.transient)) await dropBatches(pool, [b.token]);
    return failed(pass, b.items, e, 'batch_create');
  }
  pass.crashPoint('afterCall', n);
  await saveCreated(pool, m.name, r.target.tableId, b.items, ids, b.token);
  pass.report.created += b.items.length;
  pass.crashPoint('afterSave', n);
  await pass.alerts.recover(`bitable-table-full:${m.name}`, `Bitable table ${m.table} accepts new records again.`);
}

/** A batch_update of mapped records whose fields changed. */
export async function writeUpdate(pass: MappingPass, items: OutboxItem[]): Promise<void> {
  const { pool, api, m, r } = pass;
  const n = pass.nextBatchNo();
  pass.crashPoint('beforeCall', n);
  try {
    await api.batchUpdate(r.target.appToken, r.target.tableId, items.map((i) => ({ record_id: i.recordId as string, fields: i.fields as BitableFields })));
  } catch (e) {
    stopOnQuota(e);
    if (!isCode(e, 1254043)) return failed(pass, items, e, 'batch_update');
    // A mapped record was deleted in Bitable by hand: update the rest one by one and forget the
    // missing ones, so the next pass creates them again.
    const gone: OutboxItem[] = [];
    const done: OutboxItem[] = [];
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
    if (gone.length) await forgetRecords(pool, m.name, gone.map((i) => i.key));
    if (done.length) await saveUpdated(pool, m.name, done);
    pass.report.updated += done.length;
    return;
  }
  pass.crashPoint('afterCall', n);
  await saveUpdated(pool, m.name, items);
  pass.report.updated += items.length;
  pass.crashPoint('afterSave', n);
}

/** A batch_delete of the records of rows gone from PostgreSQL. */
export async function writeDelete(pass: MappingPass, items: OutboxItem[]): Promise<void> {
  const { pool, api, m, r } = pass;
  const n = pass.nextBatchNo();
  pass.crashPoint('beforeCall', n);
  try {
    await api.batchDelete(r.target.appToken, r.target.tableId, items.map((i) => i.recordId as string));
  } catch (e) {
    stopOnQuota(e);
    if (!isCode(e, 1254043)) return failed(pass, items, e, 'batch_delete');
    // Some are gone already (a crash after an earlier delete, or by hand): one by one.
    for (const i of items) {
      try {
        await api.deleteRecord(r.target.appToken, r.target.tableId, i.recordId as string);
      } catch (e2) {
        stopOnQuota(e2);
        if (!isCode(e2, 1254043)) throw e2;
      }
    }
  }
  pass.crashPoint('afterCall', n);
  await saveDeleted(pool, m.name, items);
  pass.report.deleted += items.length;
  pass.crashPoint('afterSave', n);
}

/** Batches saved before a crash: replay them with their client_token. False: stop this mapping. */
export async function replaySaved(pass: MappingPass): Promise<boolean> {
  const { pool, api, m, r } = pass;
  for (const b of await savedBatches(pool, m)) {
    if (b.tableId !== r.target.tableId) {
      // The table was replaced; its rows are still queued and go to the new table.
      await dropBatches(pool, [b.token]);
      continue;
    }
    let ids: string[];
    try {
      ids = await api.batchCreate(r.target.appToken, b.tableId, b.records, b.token);
    } catch (e) {
      stopOnQuota(e);
      if (e instanceof BitableApiError && e.transient) return false;
      await dropBatches(pool, [b.token]);
      if (isCode(e, 1254041)) pass.forgetTarget();
      if (isCode(e, 1254103)) await onTableFull(pass, b.items, e);
      else await markFailed(pool, b.items, e, pass.failureBackoffMs);
      continue;
    }
    await saveCreated(pool, m.name, b.tableId, b.items, ids, b.token);
    pass.report.replayed += 1;
  }
  return true;
}
