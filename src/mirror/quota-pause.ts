// 99991403: the tenant's monthly API quota is used up (feishu.md §7), for every app of the
// tenant. No call can succeed before the 1st, so the writer makes none: the pass that meets it
// stops, and the writer pauses until 00:00 on the 1st, Asia/Shanghai (we assume the platform
// resets on Beijing time), with ONE alert. Queued rows stay in the outbox, and a batch saved
// before the refused call is replayed with its client_token after the pause.
import { formatBusinessTime, nextMonthStart } from '../engine/time.js';
import { TongbuError } from '../errors.js';
import { BitableApiError } from './api.js';

const QUOTA_CODE = 99991403;

/** The alert key of the pause; its open alert is the shared record of a pause (/status reads it). */
export const QUOTA_ALERT_KEY = 'feishu-quota';

/** Stops a pass when the quota is used up: no further call of this pass could succeed. */
export class QuotaExhausted extends Error {
  constructor(readonly error: unknown) {
    super("this month's Feishu API quota is used up");
    this.name = 'QuotaExhausted';
  }
}

/** Rethrows a refused call as QuotaExhausted when it was refused for the quota. */
export function stopOnQuota(e: unknown): void {
  if (e instanceof BitableApiError && e.code === QUOTA_CODE) throw new QuotaExhausted(e);
}

/** When calls may resume; set by a pass that met the quota, cleared by the first pass after. */
export class QuotaPause {
  until: Date | undefined;

  constructor(private readonly now: () => Date) {}

  /** True while no call should be made. */
  get active(): boolean {
    return this.until !== undefined && this.now() < this.until;
  }

  /** Pause until the quota resets; the error to alert with. */
  begin(): TongbuError {
    this.until = nextMonthStart(this.now());
    return new TongbuError('FEISHU_QUOTA_EXCEEDED', `The Bitable mirror makes no calls until ${formatBusinessTime(this.until)} (Asia/Shanghai), when the quota resets.`);
  }

  /** A pass ran without meeting the quota: true when that ended a pause. */
  end(): boolean {
    const was = this.until !== undefined;
    this.until = undefined;
    return was;
  }
}
