// Sender for a Feishu custom bot (自定义机器人) webhook: POST /open-apis/bot/v2/hook/<token>.
// Contract (docs: https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot, see
// shared/contracts/feishu.md §5):
// - body `{msg_type:'interactive', card:{…}}`: the card is an object under `card` (not a
//   string under `content` as in im/v1/messages); text is `{msg_type:'text', content:{text}}`;
// - signing: `timestamp` (unix seconds, a string) and `sign` = base64(HmacSHA256 with KEY
//   `${timestamp}\n${secret}` over an EMPTY message), both in the JSON body; ±1 hour;
// - the body must be ≤ 20 KB: a larger card is shrunk (charts, then trailing parts), and a
//   card that cannot fit becomes a text message;
// - answers are JSON with `code` (and `StatusCode` on success): non-zero is an error.
//   11232 is the frequency limit (5/s and 100/min per bot) and 9499 a rejected request
//   that is also seen under load: both are retried with backoff, as are HTTP 429/5xx and
//   network errors. 19021 (sign), 19022 (IP) and 19024 (keyword) are configuration
//   problems: retrying cannot fix them.
// - we stay under 5/s and 100/min ourselves (per webhook, in this process).
import { createHmac } from 'node:crypto';
import type { Logger } from '../logger.js';
import { TongbuError, type ErrorCode } from '../errors.js';
import { backoffDelay, sleep, type RetryPolicy } from '../engine/retry.js';
import type { Card } from './messenger.js';
import { cardText, fitCard, jsonBytes, WEBHOOK_BODY_MAX_BYTES } from './cards/card-size.js';

/** Retries of one post: about 1 + 2 + 4 s (as a notification's delivery), then it fails. */
const SEND_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 1000, maxDelayMs: 30_000 };

export interface WebhookOptions {
  url: string;
  /** The bot's signing secret; unset: requests are not signed. */
  secret?: string;
  log: Logger;
  retry?: RetryPolicy;
  /** Clock for the signature timestamp (ms). */
  now?: () => number;
  /** Per-webhook rate budget (Feishu: 5/s and 100/min). */
  limits?: { perSecond: number; perMinute: number };
  timeoutMs?: number;
}

export interface WebhookAnswer {
  code?: number;
  StatusCode?: number;
  msg?: string;
  StatusMessage?: string;
}

const RETRYABLE_CODES = new Set([11232, 9499]);
const PERMANENT: Record<number, ErrorCode> = {
  19021: 'NOTIFY_WEBHOOK_SIGN_FAILED',
  19022: 'NOTIFY_WEBHOOK_IP_DENIED',
  19024: 'NOTIFY_WEBHOOK_KEYWORD',
};

/** The custom bot signature: HmacSHA256 keyed by "timestamp\nsecret" over an empty message. */
export function webhookSign(timestampSeconds: string, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The webhook address for logs: the hook token is a credential, only its end is shown. */
export function describeWebhook(url: string): string {
  const m = /^(.*\/hook\/)(.+)$/.exec(url);
  return m ? `${m[1]}…${m[2]!.slice(-4)}` : '(webhook)';
}

/**
 * Keeps at most perSecond sends in any 1 s and perMinute in any 60 s (sliding windows). A send
 * counts from when its answer came back (while in flight, from now): the platform counts
 * arrivals, which happen somewhere before the answer, so this never runs ahead of its count.
 */
class SendBudget {
  private slots: { at: number }[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly limits: { perSecond: number; perMinute: number }) {}

  /** Wait for a free slot; call the returned function when the answer arrived. */
  take(): Promise<() => void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      this.slots = this.slots.filter((s) => now - s.at < 60_000);
      const inSecond = this.slots.filter((s) => now - s.at < 1000).map((s) => Math.min(s.at, now)).sort((a, b) => a - b);
      const inMinute = this.slots.map((s) => Math.min(s.at, now)).sort((a, b) => a - b);
      let waitMs = 0;
      if (inSecond.length >= this.limits.perSecond) waitMs = Math.max(waitMs, inSecond[inSecond.length - this.limits.perSecond]! + 1000 - now);
      if (inMinute.length >= this.limits.perMinute) waitMs = Math.max(waitMs, inMinute[inMinute.length - this.limits.perMinute]! + 60_000 - now);
      if (waitMs <= 0) {
        const slot = { at: Number.POSITIVE_INFINITY };
        this.slots.push(slot);
        return () => {
          slot.at = Date.now();
        };
      }
      await sleep(Math.max(waitMs, 1) + 5);
    }
  }
}

export class FeishuWebhook {
  private readonly budget: SendBudget;
  private readonly retry: RetryPolicy;
  private readonly now: () => number;
  readonly name: string;

  constructor(private readonly opts: WebhookOptions) {
    this.budget = new SendBudget(opts.limits ?? { perSecond: 5, perMinute: 100 });
    this.retry = opts.retry ?? SEND_RETRY;
    this.now = opts.now ?? Date.now;
    this.name = describeWebhook(opts.url);
  }

  /** Post a card (shrunk to fit 20 KB, or as text if it cannot). Throws a TongbuError when refused. */
  async sendCard(card: Card): Promise<void> {
    const envelope = (c: Card) => ({ ...this.signature(), msg_type: 'interactive', card: c });
    const fitted = fitCard(card, WEBHOOK_BODY_MAX_BYTES, (c) => jsonBytes(envelope(c)));
    if (fitted) {
      if (fitted !== card) this.opts.log.warn({ webhook: this.name, bytes: jsonBytes(envelope(card)) }, 'card over the 20 KB webhook limit was shrunk');
      return this.post(() => envelope(fitted));
    }
    this.opts.log.warn({ webhook: this.name }, 'card cannot fit the 20 KB webhook limit; sending it as text');
    return this.sendText(cardText(card));
  }

  async sendText(text: string): Promise<void> {
    // 20 KB for the whole body; leave room for the envelope and multi-byte characters.
    let t = text;
    while (Buffer.byteLength(t, 'utf8') > WEBHOOK_BODY_MAX_BYTES - 512) t = `${t.slice(0, Math.floor(t.length * 0.9))}…`;
    return this.post(() => ({ ...this.signature(), msg_type: 'text', content: { text: t } }));
  }

  private signature(): { timestamp?: string; sign?: string } {
    if (!this.opts.secret) return {};
    const timestamp = String(Math.floor(this.now() / 1000));
    return { timestamp, sign: webhookSign(timestamp, this.opts.secret) };
  }

  /** `body` is rebuilt per attempt so a retried request carries a fresh timestamp. */
  private async post(body: () => Record<string, unknown>): Promise<void> {
    let last = '';
    // x-ogw-ratelimit-reset (seconds) says when the window reopens: never retry sooner (capped).
    let resetMs = 0;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(backoffDelay(attempt - 1, this.retry, Math.min(resetMs, this.retry.maxDelayMs ?? 60_000)));
      const answered = await this.budget.take();
      let status: number;
      let answer: WebhookAnswer | undefined;
      try {
        const res = await fetch(this.opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body()),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        });
        status = res.status;
        resetMs = (Number(res.headers.get('x-ogw-ratelimit-reset')) || 0) * 1000;
        answer = parseAnswer(await res.text());
        answered();
      } catch (e) {
        answered();
        last = `network error: ${(e as Error).message}`;
        this.opts.log.warn({ webhook: this.name, attempt }, `webhook send failed (${last}); retrying`);
        continue;
      }
      const code = answer?.code ?? answer?.StatusCode;
      if (status >= 200 && status < 300 && code === 0) return;
      const msg = answer?.msg ?? answer?.StatusMessage ?? '';
      last = `HTTP ${status}${code !== undefined ? `, code ${code}` : ''}${msg ? ` (${msg})` : ''}`;
      const permanent = code !== undefined ? PERMANENT[code] : undefined;
      if (permanent) throw new TongbuError(permanent, `${this.name}: ${last}`);
      const retryable = status === 429 || status >= 500 || answer === undefined || (code !== undefined && RETRYABLE_CODES.has(code));
      if (!retryable) throw new TongbuError('NOTIFY_WEBHOOK_REJECTED', `${this.name}: ${last}`);
      this.opts.log.warn({ webhook: this.name, attempt, status, code }, `webhook throttled or failing (${last}); retrying`);
    }
    throw new TongbuError('NOTIFY_WEBHOOK_UNAVAILABLE', `${this.name}: ${last}, after ${this.retry.maxAttempts} attempts`);
  }
}

function parseAnswer(raw: string): WebhookAnswer | undefined {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' ? (v as WebhookAnswer) : undefined;
  } catch {
    return undefined;
  }
}
