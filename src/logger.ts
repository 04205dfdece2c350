import { pino, type Logger } from 'pino';

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

export function createLogger(level: string = 'info', opts: { pretty?: boolean; stderr?: boolean; redact?: string[] } = {}): Logger {
  const fd = opts.stderr ? 2 : 1;
  const pretty = opts.pretty ?? Boolean(opts.stderr ? process.stderr.isTTY : process.stdout.isTTY);
  const options = {
    level,
    redact: { paths: [...REDACT_PATHS, ...(opts.redact ?? [])], censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', destination: fd } } }
      : {}),
  };
  return pretty ? pino(options) : pino(options, pino.destination(fd));
}
