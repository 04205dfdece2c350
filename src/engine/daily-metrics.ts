// After a run, the connector's declared daily figures are refreshed for the days the run touched
// (daily_metrics), and so is the cross-platform overview of those days (daily_overview, written
// through the loader so the Bitable mirror hears of real changes). One transaction: the overview
// never shows half a refresh.
import type { Config } from '../config.js';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.js';
import { overviewDays, overviewRows } from '../overview/overview.js';
import { loadRates } from '../overview/rates.js';
import { upsertRows } from './loader.js';
import { addDays, businessDay } from './time.js';
import type { ConnectorDeclaration, LoadTarget, SyncWindow, WriteHook } from './types.js';

export const DAILY_OVERVIEW: LoadTarget = {
  table: 'daily_overview',
  primaryKey: ['day'],
  columns: [
    { name: 'day', type: 'date' },
    { name: 'revenue', type: 'numeric' },
    { name: 'refunds', type: 'numeric' },
    { name: 'ad_spend', type: 'numeric' },
    { name: 'orders', type: 'integer' },
    { name: 'roi', type: 'numeric' },
    { name: 'missing_rates', type: 'text' },
  ],
};

/** The Asia/Shanghai days of a window, oldest first. */
export function windowDays(w: SyncWindow): string[] {
  const days: string[] = [];
  for (let d = businessDay(w.from), last = businessDay(w.to); d <= last; d = addDays(d, 1)) days.push(d);
  return days;
}

export async function refreshDailyMetrics(
  deps: { pool: Pool; config: Pick<Config, 'FX_RATES'>; hook?: WriteHook },
  decl: Pick<ConnectorDeclaration, 'name' | 'dailyMetrics'>,
  account: string,
  window: SyncWindow,
): Promise<number> {
  if (!decl.dailyMetrics) return 0;
  const days = windowDays(window);
  return inTransaction(deps.pool, async (tx) => {
    await tx.query(`DELETE FROM daily_metrics WHERE platform = $3 AND account = $2 AND day = ANY($1::date[])`, [days, account, decl.name]);
    const ins = await tx.query(
      `INSERT INTO daily_metrics (day, platform, account, metric, value, currency)
       SELECT m.day, $3, m.account, m.metric, m.value, coalesce(m.currency, '')
         FROM (${decl.dailyMetrics?.sql}) AS m(day, account, metric, value, currency)
        WHERE m.value IS NOT NULL`,
      [days, account, decl.name],
    );
    await writeOverview(tx, deps, days[0] as string, days[days.length - 1] as string);
    return ins.rowCount ?? 0;
  });
}

async function writeOverview(tx: PoolClient, deps: { config: Pick<Config, 'FX_RATES'>; hook?: WriteHook }, from: string, to: string): Promise<void> {
  const rates = await loadRates(tx, deps.config);
  await upsertRows(tx, DAILY_OVERVIEW, overviewRows(await overviewDays(tx, rates, from, to)), deps.hook);
}

/** The overview of these days again (a rate changed). */
export async function refreshOverview(deps: { pool: Pool; config: Pick<Config, 'FX_RATES'>; hook?: WriteHook }, days: string[]): Promise<void> {
  if (!days.length) return;
  const sorted = [...days].sort();
  await inTransaction(deps.pool, (tx) => writeOverview(tx, deps, sorted[0] as string, sorted[sorted.length - 1] as string));
}
