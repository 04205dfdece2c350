// A connector's `credentials.check` (expiries read from the platform, alerts ahead of them and on a
// dead credential), run on its `checkCron` in Asia/Shanghai by every replica's scheduler and done
// by exactly one of them (job-claims.ts). The alerts come from the check itself.
import cron from 'node-cron';
import { describeError, TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { Pool } from '../db/pool.js';
import { claimJob } from './job-claims.js';
import type { ConnectorRuntime } from './runtime.js';
import type { OpReport } from './types.js';

/** Once a day, before the working day starts, when a connector does not say otherwise. */
export const DEFAULT_CREDENTIALS_CHECK_CRON = '0 9 * * *';

export interface CredentialCheck {
  connector: string;
  /** False when another replica (or an earlier trigger) already ran this minute's check. */
  claimed: boolean;
  report?: OpReport;
  error?: string;
}

export function credentialsCheckCron(rt: ConnectorRuntime): string | undefined {
  const c = rt.decl.credentials;
  if (!c?.check || rt.mode === 'disabled') return undefined;
  const expr = c.checkCron ?? DEFAULT_CREDENTIALS_CHECK_CRON;
  if (!cron.validate(expr)) throw new TongbuError('CONFIG_INVALID', `${rt.decl.name}: credentials.checkCron "${expr}" is not a cron expression node-cron accepts`);
  return expr;
}

/** Run the check of one connector for the minute of `at`, unless that minute is already claimed. */
export async function runCredentialsCheck(deps: { pool: Pool; log: Logger; notifier?: Notifier }, rt: ConnectorRuntime, at: Date): Promise<CredentialCheck> {
  const check = rt.decl.credentials?.check;
  const connector = rt.decl.name;
  if (!check || rt.mode === 'disabled') return { connector, claimed: false };
  if (!(await claimJob(deps.pool, `credentials-check:${connector}`, at))) {
    deps.log.debug({ connector }, 'credentials check already claimed for this minute');
    return { connector, claimed: false };
  }
  try {
    const report = await check({ ...rt.context, notifier: deps.notifier, requestedBy: 'schedule' });
    deps.log.info({ connector, ok: report.ok, title: report.title }, 'credentials checked');
    return { connector, claimed: true, report };
  } catch (e) {
    const error = describeError(e).message;
    deps.log.error({ connector, err: error }, 'credentials check failed');
    return { connector, claimed: true, error };
  }
}
