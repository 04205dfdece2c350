import { bool, int, optionalString } from './fields.js';

/** The Bitable mirror (docs/bitable-mirror.md). No BITABLE_APP_TOKEN: the mirror is off. */
export const bitableSettings = {
  /** The base (多维表格) the built-in mappings write to; the app must own or collaborate on it. */
  BITABLE_APP_TOKEN: optionalString(),
  /** Path of a JSON file overriding or adding mappings (docs/bitable-mirror.md). */
  BITABLE_MAPPING: optionalString(),
  /** Write calls per second per app (the platform allows 50/s for record writes). */
  BITABLE_WRITES_PER_SECOND: int(50, 1, 1000),
  /** Records per batch call (the platform allows 500 per batch_delete; we use one size for all). */
  BITABLE_BATCH_SIZE: int(500, 1, 500),
  /** An outbox entry that failed this many times raises an alert. */
  BITABLE_ALERT_AFTER_ATTEMPTS: int(5, 1, 1000),
  /** Entries refused because the table is full are retried once per this many minutes. */
  BITABLE_PARK_MINUTES: int(60, 1, 10080),
  /** The writer looks for new outbox entries this often when idle. */
  BITABLE_POLL_MS: int(2000, 50, 600000),
  /** Mirror 抖音来客 orders too (off by default: orders outgrow a 20,000-row table). */
  BITABLE_MIRROR_ORDERS: bool(false),
};
