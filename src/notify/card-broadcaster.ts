// Puts one card into every configured place: each FEISHU_NOTIFY_CHAT_IDS chat through the bot
// (FeishuMessenger) and the custom-bot webhook; a file (a report's .xlsx) into each bot chat
// only, since a custom bot can post nothing but messages. A target that fails is retried with
// backoff, then logged as a clear error; broadcast() and broadcastFile() never throw, because a
// notification failing must not fail the sync that caused it. With no target at all, the card's
// words go to the log.
import type { Logger } from '../logger.js';
import { describeError, isTongbuError } from '../errors.js';
import type { Card, FeishuMessenger } from '../feishu/messenger.js';
import type { FeishuWebhook } from '../feishu/webhook.js';
import { BOT_CARD_MAX_BYTES, cardText, fitCard } from '../feishu/cards/card-size.js';
import { markdown, withoutCallbackButtons } from '../feishu/cards/card-parts.js';

/** Said on webhook cards instead of a Retry button (custom bots cannot receive callbacks). */
const WEBHOOK_RETRY_NOTE = '_To retry, use the Retry button in the Tongbu bot\'s chat, `/sync` there, or `tongbu sync` on the server._';
import { backoffDelay, sleep, type RetryPolicy } from '../engine/retry.js';

/** Retries of one notification to one target: about 1 + 2 + 4 s, then it is logged as lost. */
export const NOTIFY_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 1000, maxDelayMs: 30_000 };

export interface BroadcastTargets {
  /**
   * The bot client, or a function giving it at send time (the bot is created after the
   * notifier at boot, and may be absent when the Feishu app is not configured).
   */
  messenger?: FeishuMessenger | (() => FeishuMessenger | undefined);
  chatIds: string[];
  webhook?: FeishuWebhook;
}

export interface BroadcastResult {
  delivered: number;
  failed: number;
  /** True when there was no target and the card went to the log. */
  logOnly: boolean;
}

/** Message-send codes retrying cannot fix (contract §10): bad target, bot not in chat, no permission. */
const PERMANENT_SEND_CODES = [230001, 230002, 230006, 230011, 230025];

function isPermanent(e: unknown): boolean {
  // Our own errors are already classified (the webhook retried what was worth retrying).
  if (isTongbuError(e)) return true;
  const o = e as { code?: unknown; response?: { data?: { code?: unknown } } } | undefined;
  const code = Number(o?.code ?? o?.response?.data?.code);
  if (PERMANENT_SEND_CODES.includes(code)) return true;
  const text = e instanceof Error ? e.message : String(e);
  return PERMANENT_SEND_CODES.some((c) => text.includes(String(c)));
}

export class CardBroadcaster {
  private warnedNoBot = false;
  constructor(
    private readonly targets: BroadcastTargets,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = NOTIFY_RETRY,
  ) {}

  private messenger(): FeishuMessenger | undefined {
    const m = this.targets.messenger;
    return typeof m === 'function' ? m() : m;
  }

  /** Where cards go: for /status and docs. */
  describe(): string[] {
    const out = this.messenger() ? this.targets.chatIds.map((c) => `chat ${c}`) : [];
    if (this.targets.webhook) out.push(`webhook ${this.targets.webhook.name}`);
    return out;
  }

  get hasTargets(): boolean {
    return this.describe().length > 0;
  }

  /** Files reach someone: a bot chat is configured and the bot is running. */
  get sendsFiles(): boolean {
    return this.targets.chatIds.length > 0 && this.messenger() !== undefined;
  }

  /**
   * Send `card` everywhere; `what` names it in logs ("alert sync:<connector>:<account>").
   * `webhookNote`: a line added to the webhook's copy only (what that chat does not get). Never throws.
   */
  async broadcast(card: Card, what: string, opts: { webhookNote?: string } = {}): Promise<BroadcastResult> {
    if (this.targets.chatIds.length > 0 && !this.messenger() && !this.warnedNoBot) {
      this.warnedNoBot = true;
      this.log.warn('FEISHU_NOTIFY_CHAT_IDS is set but the Feishu bot is not running (no FEISHU_APP_ID?); those chats get nothing');
    }
    if (!this.hasTargets) {
      this.log.warn({ notification: what }, `notification (no Feishu chat or webhook configured):\n${cardText(card)}`);
      return { delivered: 0, failed: 0, logOnly: true };
    }
    const sends: { target: string; send: () => Promise<unknown> }[] = [];
    const messenger = this.messenger();
    const { webhook } = this.targets;
    if (messenger) {
      const botCard = fitCard(card, BOT_CARD_MAX_BYTES) ?? card;
      for (const chatId of this.targets.chatIds) sends.push({ target: `chat ${chatId}`, send: () => messenger.sendCard(chatId, botCard) });
    }
    if (webhook) {
      const hookCard = withoutCallbackButtons(opts.webhookNote ? withNote(card, opts.webhookNote) : card, WEBHOOK_RETRY_NOTE);
      sends.push({ target: `webhook ${webhook.name}`, send: () => webhook.sendCard(hookCard) });
    }
    const results = await Promise.all(sends.map((s) => this.deliver(s.target, s.send, what)));
    const delivered = results.filter(Boolean).length;
    return { delivered, failed: results.length - delivered, logOnly: false };
  }

  /**
   * Upload a file once and send it to each bot chat. The webhook gets nothing (a custom bot
   * cannot carry files; say so on its card). Never throws; with no bot chat, nothing is sent.
   */
  async broadcastFile(file: { name: string; data: Buffer }, what: string): Promise<BroadcastResult> {
    const messenger = this.messenger();
    if (!messenger || !this.sendsFiles) {
      this.log.info({ notification: what, file: file.name }, `file ${file.name} not sent: no bot chat (FEISHU_NOTIFY_CHAT_IDS with the Feishu bot running)`);
      return { delivered: 0, failed: 0, logOnly: !this.hasTargets };
    }
    let fileKey = '';
    const uploaded = await this.deliver(
      'file upload',
      async () => {
        fileKey = await messenger.uploadFile(file.name, file.data);
      },
      what,
    );
    if (!uploaded) return { delivered: 0, failed: this.targets.chatIds.length, logOnly: false };
    const results = await Promise.all(this.targets.chatIds.map((chatId) => this.deliver(`chat ${chatId}`, () => messenger.sendFile({ chatId }, fileKey), what)));
    const delivered = results.filter(Boolean).length;
    return { delivered, failed: results.length - delivered, logOnly: false };
  }

  private async deliver(target: string, send: () => Promise<unknown>, what: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return true;
      } catch (e) {
        const last = attempt >= this.retry.maxAttempts || isPermanent(e);
        const err = describeError(e);
        if (last) {
          this.log.error({ notification: what, target, attempt, error: err }, `notification not delivered to ${target}: ${err.message} — ${err.action}`);
          return false;
        }
        this.log.warn({ notification: what, target, attempt, error: err.message }, `notification to ${target} failed; retrying`);
        await sleep(backoffDelay(attempt, this.retry));
      }
    }
  }
}

function withNote(card: Card, note: string): Card {
  const body = card.body as { elements?: Record<string, unknown>[] } | undefined;
  return { ...card, body: { ...body, elements: [...(body?.elements ?? []), markdown(note)] } };
}
