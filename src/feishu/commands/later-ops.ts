// Operations other parts of Tongbu provide (duplicate check/clean, token status/refresh,
// monthly export). Until they land each answers NOT_AVAILABLE_YET; wiring one is one line
// here: replace its placeholder with the real function from src/ops/.
import { TongbuError } from '../../errors.js';
import type { Services } from '../../services.js';
import { tokenRefreshReport, tokenStatusReport } from '../../ops/tokens.js';

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

const notYet = (what: string) => async (): Promise<OpReport> => {
  throw new TongbuError('NOT_AVAILABLE_YET', what);
};

export const laterOps: LaterOps = {
  dedupCheck: notYet('The duplicate check (/dedup check)'),
  dedupClean: notYet('Duplicate cleaning (/dedup clean)'),
  tokenStatus: (services, args) => tokenStatusReport(services, { platform: args.platform }),
  tokenRefresh: (services, args) => tokenRefreshReport(services, { platform: args.platform }),
};
