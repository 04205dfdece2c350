// The part of a derived table's refresh that one written slice allows at once (a derived
// declaration's `afterSlice`), run while the rest of the run goes on: a history's first run then
// enters its derived rows beside the fetching instead of all at the end. The work waits in one
// queue per run (one transaction at a time, on one more connection of the pool); the run settles
// the queue before its final refresh and before it releases its lock, so no such transaction
// outlives the run. A failure is logged and left to the final refresh, which does everything.
import type { Pool } from '../db/pool.js';
import { inTransaction } from '../db/pool.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ConnectorContext, ConnectorDeclaration, SyncSlice, TableChange, WriteHook } from './types.js';

/** A first refresh may change every row of its table: the hook gets them a bounded batch at a time. */
const HOOK_BATCH = 5000;

export async function afterWriteInChunks(tx: Parameters<WriteHook['afterWrite']>[0], hook: WriteHook, change: TableChange): Promise<void> {
  for (let i = 0; i < change.keys.length; i += HOOK_BATCH) await hook.afterWrite(tx, { table: change.table, keys: change.keys.slice(i, i + HOOK_BATCH) });
}

export interface EarlyWork {
  /** Rows the early work wrote. */
  rows: number;
  /** It succeeded for every slice of the run's streams the derived table follows. */
  covered: boolean;
}

export interface SliceFollowers {
  /** A slice of `stream` is written: queue the derived tables' work for it. */
  sliceDone(stream: string, slice: SyncSlice): void;
  /** Wait for the queued work; what it did, per derived table. */
  settle(): Promise<Map<string, EarlyWork>>;
}

/**
 * `slicesPerStream`: how many slices each stream of the run has. A slice already done by an
 * earlier attempt of the run (resumed) is never reported here, so such a run is not covered.
 */
export function sliceFollowers(
  deps: { pool: Pool; hook?: WriteHook; context: ConnectorContext; signal?: AbortSignal },
  connector: ConnectorDeclaration,
  account: string,
  rlog: Logger,
  slicesPerStream: Map<string, number>,
): SliceFollowers {
  const rows = new Map<string, number>();
  const succeeded = new Map<string, number>();
  let queue: Promise<void> = Promise.resolve();
  return {
    sliceDone(stream, slice) {
      for (const d of connector.derived ?? []) {
        const afterSlice = d.afterSlice;
        if (!afterSlice || !d.after.includes(stream)) continue;
        queue = queue.then(async () => {
          // Shutting down: what is still queued is left to the refresh after the resumed run
          // (which, not covered, does everything), so the service stops without waiting for it.
          if (deps.signal?.aborted) return;
          try {
            const done = await inTransaction(deps.pool, async (tx) => {
              const r = await afterSlice(tx, { account, stream, slice, now: new Date(), settings: deps.context.settings, context: deps.context });
              if (deps.hook) for (const change of r.changed ?? []) await afterWriteInChunks(tx, deps.hook, change);
              return r;
              // Lost in a crash, it is redone by the refresh after the run: no need to wait for the WAL flush.
            }, { synchronousCommit: false });
            rows.set(d.name, (rows.get(d.name) ?? 0) + done.rows);
            succeeded.set(d.name, (succeeded.get(d.name) ?? 0) + 1);
          } catch (e) {
            rlog.warn({ derived: d.name, code: describeError(e).code }, `derived table ${d.name}: a slice's early work failed (${describeError(e).message}); the refresh after the run does it`);
          }
        });
      }
    },
    async settle() {
      await queue;
      const out = new Map<string, EarlyWork>();
      for (const d of connector.derived ?? []) {
        if (!d.afterSlice) continue;
        const expected = d.after.reduce((n, stream) => n + (slicesPerStream.get(stream) ?? 0), 0);
        out.set(d.name, { rows: rows.get(d.name) ?? 0, covered: expected > 0 && succeeded.get(d.name) === expected });
      }
      return out;
    },
  };
}
