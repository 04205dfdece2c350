// The operations behind /dedup and /token (src/ops/), as the maintenance commands call them.
import type { Services } from '../../services.js';
import { tokenRefreshReport, tokenStatusReport } from '../../ops/tokens.js';
import { dedupCheckReport, dedupCleanReport } from '../../ops/dedup.js';

/** What an operation reports back, rendered as a card by the command. */
export interface OpReport {
  title: string;
  lines: string[];
  ok?: boolean;
}

export interface LaterOps {
  dedupCheck(services: Services, args: { table: string; date: string; by: string }): Promise<OpReport>;
  dedupClean(services: Services, args: { table: string; date: string; by: string }): Promise<OpReport>;
  tokenStatus(services: Services, args: { platform?: string; by: string }): Promise<OpReport>;
  tokenRefresh(services: Services, args: { platform?: string; by: string }): Promise<OpReport>;
}


export const laterOps: LaterOps = {
  dedupCheck: (services, args) => dedupCheckReport(services, args),
  dedupClean: (services, args) => dedupCleanReport(services, args),
  tokenStatus: (services, args) => tokenStatusReport(services, { platform: args.platform }),
  tokenRefresh: (services, args) => tokenRefreshReport(services, { platform: args.platform }),
};
