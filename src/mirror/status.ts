// The mirror's part of /status: on or off, Feishu API calls spent, and per mapped table the
// outbox backlog, failing and parked entries, the last write and the records mapped.
import type { Services } from '../services.js';
import { formatBusinessTime, nextMonthStart } from '../engine/time.js';
import { mappingsOf } from './deps.js';
import { baseOf } from './mapping.js';
import { QUOTA_ALERT_KEY } from './quota-pause.js';

export interface MirrorTableStatus {
  mapping: string;
  source: string;
  table: string;
  enabled: boolean;
  pending: number;
  /** Entries that failed at least once and are waiting for their retry. */
  failing: number;
  /** Entries waiting because the Bitable table is full (1254103). */
  parked: number;
  /** Batches saved before a call and not yet confirmed (replayed on the next pass). */
  unconfirmedBatches: number;
  recordsMapped: number;
  lastWrite: Date | null;
  lastError: string | null;
}

export interface MirrorStatus {
  enabled: boolean;
  /** `on`, or `off: BITABLE_APP_TOKEN not set`. */
  state: string;
  /** Bitable API calls counted by this process, by kind (`bitable.batch_create`, …). */
  calls: { total: number; byKind: Record<string, number> };
  tables: MirrorTableStatus[];
}

export async function getMirrorStatus(services: Services): Promise<MirrorStatus> {
  const mappings = mappingsOf(services, services.bitable);
  const enabled = mappings.some((m) => m.enabled && baseOf(m, services.config));
  const byKind: Record<string, number> = {};
  for (const v of (await services.metrics.feishuCalls.get()).values) {
    const kind = String(v.labels.kind ?? '');
    if (kind.startsWith('bitable.')) byKind[kind] = (byKind[kind] ?? 0) + v.value;
  }
  const total = Object.values(byKind).reduce((a, b) => a + b, 0);
  const names = mappings.map((m) => m.name);
  const outbox = await services.pool.query<{ mapping: string; pending: number; failing: number; parked: number; last_error: string | null }>(
    `SELECT mapping, count(*)::int AS pending, count(*) FILTER (WHERE attempts > 0 AND NOT parked)::int AS failing,
       count(*) FILTER (WHERE parked)::int AS parked, max(last_error) AS last_error
     FROM bitable_outbox WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names],
  );
  const records = await services.pool.query<{ mapping: string; n: number; last: Date | null }>(
    `SELECT mapping, count(*)::int AS n, max(updated_at) AS last FROM bitable_records WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names],
  );
  const batches = await services.pool.query<{ mapping: string; n: number }>(
    `SELECT mapping, count(*)::int AS n FROM bitable_batches WHERE mapping = ANY($1::text[]) GROUP BY mapping`,
    [names],
  );
  // The quota alert is the shared record of a pause (any replica's writer may have raised it).
  const quota = enabled
    ? (await services.pool.query<{ first_at: Date }>(`SELECT first_at FROM notify_alerts WHERE key = $1 AND resolved_at IS NULL`, [QUOTA_ALERT_KEY])).rows[0]
    : undefined;
  return {
    enabled,
    state: !enabled
      ? 'off: BITABLE_APP_TOKEN not set'
      : quota
        ? `paused until ${formatBusinessTime(nextMonthStart(quota.first_at))}: this month's Feishu API quota is used up`
        : 'on',
    calls: { total, byKind },
    tables: mappings.map((m) => {
      const o = outbox.rows.find((r) => r.mapping === m.name);
      const rec = records.rows.find((r) => r.mapping === m.name);
      return {
        mapping: m.name,
        source: m.source,
        table: m.table,
        enabled: m.enabled,
        pending: o?.pending ?? 0,
        failing: o?.failing ?? 0,
        parked: o?.parked ?? 0,
        unconfirmedBatches: batches.rows.find((r) => r.mapping === m.name)?.n ?? 0,
        recordsMapped: rec?.n ?? 0,
        lastWrite: rec?.last ?? null,
        lastError: o?.last_error ?? null,
      };
    }),
  };
}
