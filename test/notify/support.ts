// Shared by the notification tests: a logger whose lines can be read back, and the Feishu
// emulator with its custom-bot plugin listening on a free port.
import { pino, type Logger } from 'pino';
import { REDACT_PATHS } from '../../src/logger.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import { installCustomBot, type CustomWebhookEmulator, type CustomWebhookEmulatorOptions } from '../../src/sandbox/feishu/custom-bot.js';
import type { RetryPolicy } from '../../src/engine/retry.js';

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export function captureLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return { log, lines };
}

export async function startCustomWebhookEmulator(opts: CustomWebhookEmulatorOptions = {}): Promise<{ emu: FeishuEmulator; bot: CustomWebhookEmulator }> {
  const emu = createFeishuEmulator();
  const bot = installCustomBot(emu, opts);
  await emu.listen();
  return { emu, bot };
}

/** Fast retries: the tests assert on what was retried, not on how long it waited. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseMs: 5, maxDelayMs: 50 };

let n = 0;
export function hookToken(): string {
  n += 1;
  return `hook-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`;
}
