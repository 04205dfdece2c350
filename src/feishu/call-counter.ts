// Feishu API calls per month, persisted so /status can show "calls used this month" across
// restarts and replicas. The free plan caps a tenant at 10,000 calls a month (auth and event
// APIs excluded), so this number matters. Increments are buffered and flushed in one upsert a
// second instead of one write per call.
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';

/** The calendar month in Asia/Shanghai (UTC+8, no DST), 'YYYY-MM': quotas reset on the 1st there. */
export function shanghaiMonth(at = new Date()): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7);
}

export class FeishuCallCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly pool: Pool,
    private readonly log?: Logger,
    private readonly flushEveryMs = 1000,
  ) {}

  add(kind: string, n = 1): void {
    const key = `${shanghaiMonth()}|${kind}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + n);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.flushEveryMs);
      this.timer.unref();
    }
  }

  /** Write the buffered increments; a failed write keeps them for the next flush. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.size) return;
      const batch = [...this.pending.entries()];
      this.pending.clear();
      const months = batch.map(([k]) => k.split('|')[0] as string);
      const kinds = batch.map(([k]) => k.split('|')[1] as string);
      const calls = batch.map(([, n]) => n);
      try {
        await this.pool.query(
          `INSERT INTO feishu_api_calls (month, kind, calls)
           SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
           ON CONFLICT (month, kind) DO UPDATE SET calls = feishu_api_calls.calls + EXCLUDED.calls`,
          [months, kinds, calls],
        );
      } catch (e) {
        for (const [k, n] of batch) this.pending.set(k, (this.pending.get(k) ?? 0) + n);
        this.log?.warn({ err: e }, 'could not record Feishu API call counts; will retry');
      }
    });
    return this.flushing;
  }

  /** Calls this month (all replicas, plus this process's unflushed ones), by kind and in total. */
  async month(month = shanghaiMonth()): Promise<{ total: number; byKind: Record<string, number> }> {
    const { rows } = await this.pool.query<{ kind: string; calls: number }>('SELECT kind, calls FROM feishu_api_calls WHERE month = $1', [month]);
    const byKind: Record<string, number> = {};
    for (const r of rows) byKind[r.kind] = Number(r.calls);
    for (const [k, n] of this.pending) {
      const [m, kind] = k.split('|') as [string, string];
      if (m === month) byKind[kind] = (byKind[kind] ?? 0) + n;
    }
    return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
