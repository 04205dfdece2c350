// What the lead's boot code plugs in: `/sync <connector> <dates> --force` re-sends the mirrored
// days (services.forceResync), and the mirror's section of /status (services.statusContributors).
import { addDays, businessDay, formatBusinessTime } from '../engine/time.js';
import type { SyncWindow } from '../engine/types.js';
import type { Services, StatusContributor } from '../services.js';
import { mappingsOf } from './deps.js';
import { baseOf } from './mapping.js';
import { resendDay } from './reconcile.js';
import { getMirrorStatus } from './status.js';

/** Mapped tables of a connector: those its declaration names, or by the mapping's name or alias. */
function mappingsOfConnector(services: Services, connector: string) {
  const c = connector.toLowerCase();
  const decl = services.connectors?.find((d) => d.name === c || d.aliases?.some((a) => a.toLowerCase() === c));
  const declared = new Set((decl?.mirror ?? []).map((m) => m.name));
  return mappingsOf(services, services.bitable).filter(
    (m) =>
      m.enabled &&
      m.dateColumn &&
      baseOf(m, services.config) &&
      (declared.has(m.name) || m.name === c || m.source === c || m.aliases.some((a) => a.toLowerCase() === c)),
  );
}

/**
 * For services.forceResync: delete each business day of the window in the connector's Bitable
 * tables and queue the days' rows again (the sync that follows re-queues what it changes).
 * Does nothing when the mirror is off or the connector has no mapped table.
 */
export function createForceResyncHook(services: Services): (connector: string, window: SyncWindow) => Promise<void> {
  return async (connector, window) => {
    if (!services.bitable) return;
    const maps = mappingsOfConnector(services, connector);
    if (!maps.length) return;
    const last = businessDay(window.to);
    for (let day = businessDay(window.from); day <= last; day = addDays(day, 1)) {
      for (const m of maps) await resendDay(services, m, day);
    }
  };
}

/** The mirror's /status section. */
export const mirrorStatusSection: StatusContributor = async (services) => {
  const s = await getMirrorStatus(services);
  const lines = [`state: ${s.state}`, `Bitable API calls (this process): ${s.calls.total}`];
  for (const t of s.tables.filter((x) => x.enabled)) {
    lines.push(
      `${t.table} ← ${t.source}: ${t.recordsMapped} records, ${t.pending} waiting` +
        (t.failing ? `, ${t.failing} failing` : '') +
        (t.parked ? `, ${t.parked} parked (table full)` : '') +
        (t.lastWrite ? `, last write ${formatBusinessTime(t.lastWrite)}` : ''),
    );
  }
  return { title: 'Bitable mirror', lines };
};
