// Backoff for notification delivery: exponential with full jitter, capped. Kept here (not in
// the engine) because notifications must not depend on the sync engine they report on.

export interface RetryPolicy {
  /** Tries in all (1 = no retry). */
  attempts: number;
  /** First delay; doubles per attempt. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Delay before retry number `attempt` (1-based): between half and all of base·2^(attempt−1). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
