import { z } from 'zod';
import { enumOf, int, optionalString, stringWithDefault } from './fields.js';

export const coreSettings = {
  PORT: int(3000, 0, 65535),
  HOST: stringWithDefault('0.0.0.0'),
  /** Empty: an embedded PostgreSQL is started with its data under DATA_DIR/pg. */
  DATABASE_URL: optionalString(),
  DATA_DIR: stringWithDefault('./.data'),
  EMBEDDED_PG_PORT: int(54329, 1024, 65535),
  /** Bearer token for the HTTP admin API. Empty: the admin API answers 401 to everything. */
  ADMIN_TOKEN: optionalString(),
  /** Read-only bearer tokens (comma-separated) for connectors' query routes: dashboards, BI tools. */
  API_READ_TOKENS: optionalString(),
  LOG_LEVEL: enumOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
  /** pretty: one line per event; json: JSON lines; auto: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: enumOf(['auto', 'pretty', 'json'] as const, 'auto'),
  /** auto: each platform without credentials uses its built-in emulator; on: all do; off: none do. */
  SANDBOX: enumOf(['auto', 'on', 'off'] as const, 'auto'),
  /** Port for the in-process emulators in sandbox mode (0 = a free port). */
  SANDBOX_PORT: int(0, 0, 65535),
  TZ_BUSINESS: stringWithDefault('Asia/Shanghai'),
  /** 32+ chars, used to encrypt tokens at rest. Empty: a key is generated once under DATA_DIR. */
  TOKEN_ENCRYPTION_KEY: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  ),
};
