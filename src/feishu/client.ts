// The bot's Feishu client: the official SDK (@larksuiteoapi/node-sdk) plus what it lacks —
// a check of `code` on HTTP-200 bodies, retries with backoff (honouring x-ogw-ratelimit-reset),
// the 5-per-second-per-chat send limit, and a count of every call (Prometheus and the monthly
// quota in Postgres). Cards go out as msg_type "interactive" with the card JSON as a string.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { classifyBody, classifyThrown, FeishuApiError, type FeishuFailure } from './api-errors.js';
import type { FeishuCallCounter } from './call-counter.js';
import { PerChatLimiter } from './chat-limiter.js';
import type { Card, FeishuMessenger, FileTarget } from './messenger.js';

export interface LarkClientOptions {
  appId: string;
  appSecret: string;
  /** Base URL, e.g. https://open.feishu.cn or the emulator's http://127.0.0.1:PORT. */
  domain: string;
  log?: Logger;
}

/** The SDK's logger interface over pino; the SDK logs every failed call, we log the outcome. */
function sdkLogger(log?: Logger): lark.Logger {
  const l = log?.child({ mod: 'lark-sdk' });
  return {
    error: (...m: unknown[]) => l?.debug({ sdk: m }, 'lark sdk error'),
    warn: (...m: unknown[]) => l?.debug({ sdk: m }, 'lark sdk warning'),
    info: (...m: unknown[]) => l?.trace({ sdk: m }, 'lark sdk info'),
    debug: (...m: unknown[]) => l?.trace({ sdk: m }, 'lark sdk debug'),
    trace: (...m: unknown[]) => l?.trace({ sdk: m }, 'lark sdk trace'),
  };
}

export function createLarkClient(opts: LarkClientOptions): lark.Client {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    appType: lark.AppType.SelfBuild,
    // A trailing slash would make the SDK call //open-apis/... (contract §1.1).
    domain: opts.domain.replace(/\/+$/, ''),
    // Own token cache: the SDK's default is module-global, keyed by appId only, so two clients
    // in one process (tests, sandbox next to live) would share tokens.
    cache: new lark.DefaultCache(),
    logger: sdkLogger(opts.log),
    loggerLevel: lark.LoggerLevel.error,
  });
}

export interface FeishuApiOptions {
  log?: Logger;
  metrics?: Metrics;
  counter?: FeishuCallCounter;
  /** Attempts per call on rate limits, 5xx and network errors. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt (with jitter), capped at maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  limiter?: PerChatLimiter;
}

/** A file a user sent, as downloaded. */
export interface DownloadedFile {
  buffer: Buffer;
  contentType?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024; // Feishu's own limit (234037)

async function readAll(stream: Readable, limit = MAX_DOWNLOAD_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new Error(`file larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function fileTypeOf(name: string): 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream' {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xls' || ext === 'xlsx' || ext === 'csv') return 'xls';
  if (ext === 'doc' || ext === 'docx') return 'doc';
  if (ext === 'ppt' || ext === 'pptx') return 'ppt';
  if (ext === 'pdf' || ext === 'mp4' || ext === 'opus') return ext;
  return 'stream';
}

export class FeishuApi implements FeishuMessenger {
  private readonly limiter: PerChatLimiter;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  /** message_id → chat_id of messages we sent, so updates share their chat's send budget. */
  private readonly chatOfMessage = new Map<string, string>();

  constructor(
    readonly client: lark.Client,
    private readonly opts: FeishuApiOptions = {},
  ) {
    this.limiter = opts.limiter ?? new PerChatLimiter();
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 30_000;
  }

  async sendCard(chatId: string, card: Card): Promise<string> {
    // One uuid for every attempt: Feishu drops a repeat within 1 h, so a retry after a lost
    // answer cannot post the card twice.
    const uuid = randomUUID();
    const res = await this.call('message.create', chatId, () =>
      this.client.im.v1.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
      }),
    );
    return this.remember(res.data, chatId);
  }

  /** Reply in the thread of `messageId`. `chatId`, when known, keys the per-chat limit. */
  async replyCard(messageId: string, card: Card, opts: { chatId?: string; inThread?: boolean } = {}): Promise<string> {
    const uuid = randomUUID();
    const res = await this.call('message.reply', opts.chatId ?? this.chatOfMessage.get(messageId) ?? messageId, () =>
      this.client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: 'interactive', content: JSON.stringify(card), uuid, reply_in_thread: opts.inThread },
      }),
    );
    return this.remember(res.data, opts.chatId);
  }

  async updateCard(messageId: string, card: Card): Promise<void> {
    await this.call('message.patch', this.chatOfMessage.get(messageId) ?? messageId, () =>
      this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }),
    );
  }

  /** A file a user sent in a message (im.v1.messageResource.get, type file), fully read. */
  async downloadResource(messageId: string, fileKey: string): Promise<DownloadedFile> {
    return this.call(
      'message.resource',
      undefined,
      async () => {
        try {
          const res = await this.client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: 'file' } });
          const headers = (res.headers ?? {}) as Record<string, unknown>;
          return { buffer: await readAll(res.getReadableStream()), contentType: headers['content-type'] as string | undefined };
        } catch (e) {
          // Error bodies of a stream request arrive as a stream too; read them for the code.
          const data = (e as { response?: { data?: unknown } }).response?.data as Readable | undefined;
          if (data && typeof data.pipe === 'function') {
            const text = (await readAll(data, 64 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
            try {
              (e as { response: { data: unknown } }).response.data = JSON.parse(text);
            } catch {
              (e as { response: { data: unknown } }).response.data = text;
            }
          }
          throw e;
        }
      },
      false,
    );
  }

  /** Upload a file (≤ 30 MB, not empty) for sending; resolves to its file_key. */
  async uploadFile(name: string, buffer: Buffer): Promise<string> {
    const res = await this.call(
      'file.create',
      undefined,
      () => this.client.im.v1.file.create({ data: { file_type: fileTypeOf(name), file_name: name, file: buffer } }),
      false,
    );
    // The SDK returns only `data` here, or null when the body had code ≠ 0.
    if (!res?.file_key) throw new FeishuApiError({ class: 'fatal', msg: 'the upload answer had no file_key' }, 'file.create');
    return res.file_key;
  }

  async sendFile(target: FileTarget, fileKey: string): Promise<string> {
    const content = JSON.stringify({ file_key: fileKey });
    const uuid = randomUUID();
    if ('chatId' in target) {
      const res = await this.call('message.create', target.chatId, () =>
        this.client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: target.chatId, msg_type: 'file', content, uuid } }),
      );
      return this.remember(res.data, target.chatId);
    }
    const res = await this.call('message.reply', this.chatOfMessage.get(target.replyTo) ?? target.replyTo, () =>
      this.client.im.v1.message.reply({ path: { message_id: target.replyTo }, data: { msg_type: 'file', content, uuid } }),
    );
    return this.remember(res.data);
  }

  /** The bot's own open_id and name (GET /open-apis/bot/v3/info), to tell its @-mentions apart. */
  async botInfo(): Promise<{ openId: string; name?: string }> {
    const res = await this.call('bot.info', undefined, () =>
      this.client.request<{ code?: number; bot?: { open_id?: string; app_name?: string } }>({ url: '/open-apis/bot/v3/info', method: 'GET' }),
    );
    return { openId: res.bot?.open_id ?? '', name: res.bot?.app_name };
  }

  private remember(data: { message_id?: string; chat_id?: string } | undefined, chatId?: string): string {
    const id = data?.message_id;
    if (!id) throw new FeishuApiError({ class: 'fatal', msg: 'the answer had no message_id' }, 'message');
    const chat = data?.chat_id ?? chatId;
    if (chat) {
      this.chatOfMessage.set(id, chat);
      if (this.chatOfMessage.size > 10_000) this.chatOfMessage.delete(this.chatOfMessage.keys().next().value as string);
    }
    return id;
  }

  /**
   * One API call with the house rules: wait for the chat's send budget, count the call, check
   * `code` on the body, retry rate limits / 5xx / network errors with backoff, give up at once
   * on permanent errors. Throws FeishuApiError (a TongbuError).
   */
  private async call<T>(kind: string, chatKey: string | undefined, fn: () => Promise<T>, checkBody = true): Promise<T> {
    let failure: FeishuFailure | undefined;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const done = chatKey ? await this.limiter.acquire(chatKey) : undefined;
      this.opts.metrics?.feishuCalls.inc({ kind });
      this.opts.counter?.add(kind);
      try {
        const res = await fn();
        failure = checkBody ? classifyBody(res) : undefined;
        if (!failure) return res;
      } catch (e) {
        if (e instanceof FeishuApiError) throw e;
        failure = classifyThrown(e);
      } finally {
        done?.();
      }
      if (failure.class === 'fatal' || attempt === this.maxAttempts) break;
      const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      const wait = failure.retryAfterMs !== undefined ? Math.min(failure.retryAfterMs, 60_000) : backoff;
      this.opts.log?.warn({ kind, attempt, code: failure.code, status: failure.httpStatus, waitMs: Math.round(wait) }, `Feishu ${kind} failed (${failure.msg}); retrying`);
      await sleep(wait);
    }
    const err = new FeishuApiError(failure as FeishuFailure, kind);
    this.opts.log?.error({ kind, code: err.feishuCode, status: failure?.httpStatus }, err.message);
    throw err;
  }
}
