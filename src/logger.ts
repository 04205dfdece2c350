import { createRequire } from 'node:module';
import type { Logger, pino as Pino } from 'pino';
import { lazyLogger } from './log/lazy-logger.js';
import { serializeError, shortErrorsIn, withoutUrlPasswords } from './log/error-serializer.js';
import { formatLine } from './log/line-format.js';

export type { Logger };

/** Paths never written to logs: tokens, secrets, phone numbers, auth headers. */
export const REDACT_PATHS = [
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.app_secret',
  '*.secret',
  '*.password',
  '*.phone',
  '*.token',
  'req.headers.authorization',
  'req.headers["access-token"]',
  'headers.authorization',
  'headers["access-token"]',
  'config.ADMIN_TOKEN',
  'config.FEISHU_APP_SECRET', 'config.FEISHU_ENCRYPT_KEY', 'config.FEISHU_VERIFICATION_TOKEN',
  // OAuth grants (src/tokens)
  '*.auth_code',
  '*.accessToken',
  '*.refreshToken',
  '*.access_token_enc',
  '*.refresh_token_enc',
  // The environment settings were read from; each connector names its own secrets (`redact`).
  'config.env',
  'config.TOKEN_ENCRYPTION_KEY',
];

export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerOptions {
  /** pretty: one line per event; json: one JSON object per line; auto: pretty on a terminal. */
  format?: LogFormat;
  /** Shorthand for format pretty (true) or json (false). */
  pretty?: boolean;
  /** Write to stderr (the CLI, whose stdout is for people or pipes). */
  stderr?: boolean;
  /** Where lines go instead of stdout/stderr (tests). */
  destination?: { write(line: string): unknown };
  /** Whether the output is a terminal (default: whether stdout/stderr is). */
  isTTY?: boolean;
  /** More log paths never written (each connector's secrets). */
  redact?: string[];
  /** Load pino only when a line is first written (read-only CLI commands: src/log/lazy-logger.ts). */
  lazy?: boolean;
}

/** pino, loaded on first use: a CLI command that writes no log line never loads it. */
function loadPino(): typeof Pino {
  return (createRequire(import.meta.url)('pino') as { pino: typeof Pino }).pino;
}

export function createLogger(level: string = 'info', opts: LoggerOptions = {}): Logger {
  if (opts.lazy) return lazyLogger(level, () => createLogger(level, { ...opts, lazy: false }));
  const pino = loadPino();
  const fd = opts.stderr ? 2 : 1;
  const isTTY = opts.isTTY ?? Boolean(opts.stderr ? process.stderr.isTTY : process.stdout.isTTY);
  const format = opts.format ?? (opts.pretty === undefined ? 'auto' : opts.pretty ? 'pretty' : 'json');
  const pretty = format === 'pretty' || (format === 'auto' && isTTY);
  // Stacks are for developers: only at debug and trace.
  const stack = level === 'debug' || level === 'trace';
  const dest = opts.destination ?? pino.destination({ dest: fd, sync: true });
  const colors = isTTY && !process.env.NO_COLOR;
  const stream = pretty
    ? {
        write: (line: string) => dest.write(formatLine(line, { colors })),
        flush: (cb?: (e?: Error) => void) => ('flush' in dest && typeof dest.flush === 'function' ? dest.flush(cb) : cb?.()),
      }
    : dest;
  return pino(
    {
      level,
      redact: { paths: [...REDACT_PATHS, ...(opts.redact ?? [])], censor: '[redacted]' },
      serializers: { err: (e: unknown) => serializeError(e, { stack }) },
      formatters: { log: (record) => shortErrorsIn(record, { stack }) },
      hooks: {
        // Without a message pino uses the error's own, unserialized: pass it through the same rule.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          const err = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (typeof second !== 'string' && err instanceof Error) {
            return method.apply(this, [first as object, withoutUrlPasswords(err.message), ...(args.slice(1) as unknown[])] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    stream,
  );
}
