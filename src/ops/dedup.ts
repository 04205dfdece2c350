// /dedup check|clean <table> <date> and `tongbu dedup check|clean|force`: the door to the
// mirror's reconciliation (src/mirror/reconcile.ts). It checks the day, finds the mapping by
// any of its names, calls the mirror, and shapes the answer for chat (cards), CLI and HTTP.
import { parseDay } from '../engine/time.js';
import { TongbuError } from '../errors.js';
import { mappingsOf } from '../mirror/deps.js';
import { resolveMapping, type BitableMapping } from '../mirror/mapping.js';
import { checkDay, cleanDay, resendDay, type DedupCheckResult, type DedupCleanResult, type ForceResyncResult, type KeyList } from '../mirror/reconcile.js';
import type { Services } from '../services.js';

export type { DedupCheckResult, DedupCleanResult, ForceResyncResult, KeyList };

function checkDate(date: string): string {
  const d = parseDay(date);
  if (!d) throw new TongbuError('BITABLE_DATE_INVALID', date);
  return d;
}

/** The mapping named `table` (its name, PostgreSQL table, Bitable table or an alias) and the day. */
function inputs(services: Services, table: string, date: string): { mapping: BitableMapping; day: string } {
  const day = checkDate(date);
  return { mapping: resolveMapping(mappingsOf(services, services.bitable), table), day };
}

/** Per key, PostgreSQL vs Bitable for one business day: missing, duplicated, different, extra. */
export async function dedupCheck(services: Services, table: string, date: string): Promise<DedupCheckResult> {
  const { mapping, day } = inputs(services, table, date);
  return checkDay(services, mapping, day);
}

/**
 * Repair one day: delete duplicate records (the mapped one is kept), delete records whose key is
 * no longer in PostgreSQL at all, and queue missing and different rows for the writer.
 */
export async function dedupClean(services: Services, table: string, date: string): Promise<DedupCleanResult> {
  const { mapping, day } = inputs(services, table, date);
  return cleanDay(services, mapping, day);
}

/** `--force`: delete every Bitable record of that day and queue the day's rows to be written again. */
export async function forceResync(services: Services, table: string, date: string): Promise<ForceResyncResult> {
  const { mapping, day } = inputs(services, table, date);
  return resendDay(services, mapping, day);
}

/** A chat card's content (title + lines), the shape the bot's commands render (OpReport). */
export interface DedupReport {
  title: string;
  lines: string[];
  ok: boolean;
}

const keyLine = (label: string, l: KeyList) => `${label}: ${l.count}${l.count ? ` (${l.keys.join(', ')}${l.count > l.keys.length ? ', …' : ''})` : ''}`;

function checkLines(r: DedupCheckResult): string[] {
  return [
    `${r.postgresRows} rows in PostgreSQL, ${r.bitableRecords} records in Bitable`,
    keyLine('missing', r.missing),
    keyLine('duplicated', r.duplicated),
    keyLine('different', r.different),
    keyLine('extra', r.extra),
    ...(r.unkeyed ? [`${r.unkeyed} records without a record key (added by hand) are left alone`] : []),
  ];
}

/** /dedup check as a card. */
export async function dedupCheckReport(services: Services, args: { table: string; date: string }): Promise<DedupReport> {
  const r = await dedupCheck(services, args.table, args.date);
  return { title: `${r.table} ${r.date}: ${r.clean ? 'clean' : 'needs /dedup clean'}`, lines: checkLines(r), ok: r.clean };
}

/** /dedup clean as a card. */
export async function dedupCleanReport(services: Services, args: { table: string; date: string }): Promise<DedupReport> {
  const r = await dedupClean(services, args.table, args.date);
  return {
    title: `${r.before.table} ${r.before.date}: cleaned`,
    lines: [
      `Deleted ${r.deletedDuplicates} duplicates and ${r.deletedExtra} stale records; queued ${r.requeuedMissing} missing and ${r.requeuedDifferent} different rows for the mirror writer.`,
      'Before:',
      ...checkLines(r.before),
    ],
    ok: true,
  };
}
