import { int } from './fields.js';

/** How the engine runs every connector: retries, concurrency. Windows are each connector's own. */
export const engineSettings = {
  /** Attempts per request on retryable errors (network, 5xx, 429). */
  SYNC_MAX_ATTEMPTS: int(6, 1, 20),
  /** First backoff delay; doubles per attempt, with jitter, capped at 60 s. */
  SYNC_RETRY_BASE_MS: int(500, 1, 60000),
  /** Day slices of one run fetched and written at once. */
  SLICE_CONCURRENCY: int(3, 1, 16),
  /** Seconds before a queued run whose attempt failed (database lost, shutdown) is tried again. */
  RUN_RETRY_DELAY_SECONDS: int(30, 1, 3600),
  /** Seconds between looks for runs whose owner died (marked interrupted and resumed). */
  RUN_LIVENESS_CHECK_SECONDS: int(60, 1, 3600),
  /** Concurrent pg-boss workers for sync jobs in this process. */
  WORKER_CONCURRENCY: int(2, 1, 32),
};
