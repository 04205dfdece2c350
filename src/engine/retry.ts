// Retries with exponential backoff and jitter on network errors, 5xx and rate limits; one
// token refresh on an expired-token answer. Malformed and fatal answers are not retried.
import { TongbuError } from '../errors.js';
import { PlatformError } from './types.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxDelayMs?: number;
}

export interface RetryHooks {
  refreshAuth: () => Promise<void>;
  onError?: (e: PlatformError, attempt: number) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const cap = policy.maxDelayMs ?? 60_000;
  const exp = Math.min(cap, policy.baseMs * 2 ** (attempt - 1));
  // Full jitter keeps replicas from retrying in lockstep; a server's reset hint is a floor.
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Classify anything thrown by a client call (fetch failures become `network`). */
export function asPlatformError(e: unknown): PlatformError {
  if (e instanceof PlatformError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new PlatformError('network', msg);
}

/** Turn the last platform error of a call into the named error users see. */
export function toTongbuError(e: PlatformError): TongbuError {
  const code = e.info.code !== undefined ? ` (code ${e.info.code})` : e.info.status ? ` (HTTP ${e.info.status})` : '';
  const detail = `${e.message}${code}`;
  switch (e.kind) {
    case 'rateLimited':
      return new TongbuError('SYNC_RATE_LIMITED', detail, { cause: e });
    case 'retryable':
    case 'network':
      return new TongbuError('SYNC_PLATFORM_UNAVAILABLE', detail, { cause: e });
    case 'authExpired':
      return new TongbuError('SYNC_TOKEN_EXPIRED', detail, { cause: e });
    case 'malformed':
      return new TongbuError('SYNC_BAD_RESPONSE', detail, { cause: e });
    case 'fatal':
      return new TongbuError('SYNC_PLATFORM_ERROR', detail, { cause: e });
  }
}

export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, hooks: RetryHooks, signal?: AbortSignal): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (raw) {
      if (raw instanceof TongbuError) throw raw;
      const e = asPlatformError(raw);
      hooks.onError?.(e, attempt);
      if (e.kind === 'authExpired') {
        if (refreshed) throw toTongbuError(e);
        refreshed = true;
        try {
          await hooks.refreshAuth();
        } catch (refreshError) {
          if (refreshError instanceof TongbuError) throw refreshError;
          throw new TongbuError('SYNC_AUTH_FAILED', asPlatformError(refreshError).message, { cause: refreshError });
        }
        attempt -= 1; // a refresh is not a failed attempt
        continue;
      }
      if (e.kind === 'fatal' || e.kind === 'malformed') throw toTongbuError(e);
      if (attempt >= policy.maxAttempts || signal?.aborted) throw toTongbuError(e);
      await wait(backoffDelay(attempt, policy, e.info.retryAfterMs), signal);
    }
  }
}
