// Push events to the bot the way Feishu does (contract §1.5, §2, §4): a schema 2.0 envelope
// with the verification token in header.token, encrypted with the encrypt key as
// {"encrypt": base64(iv + AES-256-CBC(json))} (key = sha256(encrypt key)), signed with
// x-lark-request-timestamp / -nonce / x-lark-signature = sha256_hex(ts + nonce + key + rawBody).
// Used by tests, benchmarks and the sandbox page's "send" box. Written independently of the
// bot's own decryption code so the two check each other.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { FeishuEmulator } from './emulator.js';
import type { EmuMessage, ImEmulator } from './im.js';

/** The person who types on the sandbox page (an admin in sandbox mode). */
export const SANDBOX_USER_OPEN_ID = 'ou_sandbox_user';

export function encryptForFeishu(plaintext: string, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signFeishuBody(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + rawBody).digest('hex');
}

export interface PushOptions {
  /** Encrypt the body (default: when an encrypt key is set). */
  encrypt?: boolean;
  /** Add the signature headers (default: when an encrypt key is set). */
  sign?: boolean;
  /** Unix seconds for x-lark-request-timestamp (default now). */
  timestamp?: number;
  /** Headers that replace the computed ones (forgery tests). */
  headers?: Record<string, string>;
}

export interface PushResult {
  status: number;
  body: string;
  envelope: Record<string, unknown>;
}

export interface SayOptions {
  openId?: string;
  chatType?: 'group' | 'p2p';
  /** @-mention the bot (default: in groups). */
  mentionBot?: boolean;
  parentId?: string;
}

export interface EventPusherOptions {
  emulator: FeishuEmulator;
  im: ImEmulator;
  /** The bot's event URL (POST /feishu/events). */
  eventsUrl: string;
  /** The bot's card callback URL (POST /feishu/cards). */
  cardsUrl?: string;
  encryptKey?: string;
  verificationToken?: string;
  tenantKey?: string;
}

const hex = (n: number) => randomBytes(n).toString('hex');

export class FeishuEventPusher {
  constructor(readonly opts: EventPusherOptions) {}

  private header(eventType: string) {
    return {
      event_id: hex(16),
      event_type: eventType,
      create_time: String(Date.now()),
      token: this.opts.verificationToken ?? '',
      app_id: this.opts.emulator.appId,
      tenant_key: this.opts.tenantKey ?? 'sandbox-tenant',
    };
  }

  private sender(openId: string) {
    return { sender_id: { open_id: openId, union_id: `on_${openId.slice(3)}`, user_id: openId.slice(3, 11) }, sender_type: 'user', tenant_key: this.opts.tenantKey ?? 'sandbox-tenant' };
  }

  /** An im.message.receive_v1 envelope for a message already recorded in the emulator. */
  messageEvent(msg: EmuMessage, chatType: 'group' | 'p2p', mentions: unknown[] = []): Record<string, unknown> {
    return {
      schema: '2.0',
      header: this.header('im.message.receive_v1'),
      event: {
        sender: this.sender(msg.openId ?? 'ou_unknown'),
        message: {
          message_id: msg.messageId,
          root_id: msg.rootId,
          parent_id: msg.parentId,
          create_time: String(msg.createdAt),
          update_time: String(msg.createdAt),
          chat_id: msg.chatId,
          chat_type: chatType,
          message_type: msg.msgType,
          content: msg.content,
          mentions,
        },
      },
    };
  }

  /** A user types `text` in a chat; in groups the bot is @-mentioned first, as Feishu renders it. */
  async say(chatId: string, text: string, o: SayOptions = {}): Promise<PushResult & { message: EmuMessage }> {
    const chatType = o.chatType ?? this.opts.im.chats.get(chatId)?.type ?? 'group';
    if (!this.opts.im.chats.has(chatId)) this.opts.im.addChat(chatId, { type: chatType });
    const mention = o.mentionBot ?? chatType === 'group';
    const bot = this.opts.im.bot;
    const mentions = mention ? [{ key: '@_user_1', id: { open_id: bot.openId, union_id: `on_${bot.openId.slice(3)}`, user_id: '' }, name: bot.name, tenant_key: this.opts.tenantKey ?? 'sandbox-tenant' }] : [];
    const message = this.opts.im.addUserMessage({
      chatId,
      openId: o.openId ?? SANDBOX_USER_OPEN_ID,
      msgType: 'text',
      content: JSON.stringify({ text: mention ? `@_user_1 ${text}` : text }),
      parentId: o.parentId,
    });
    const res = await this.push(this.messageEvent(message, chatType, mentions));
    return { ...res, message };
  }

  /** A user drops a file into a chat; the resource endpoint then serves it for this message. */
  async sendFile(chatId: string, fileName: string, data: Buffer, o: { openId?: string; chatType?: 'group' | 'p2p' } = {}): Promise<PushResult & { message: EmuMessage; fileKey: string }> {
    const chatType = o.chatType ?? this.opts.im.chats.get(chatId)?.type ?? 'group';
    if (!this.opts.im.chats.has(chatId)) this.opts.im.addChat(chatId, { type: chatType });
    const fileKey = `file_v3_${hex(12)}`;
    const message = this.opts.im.addUserMessage({ chatId, openId: o.openId ?? SANDBOX_USER_OPEN_ID, msgType: 'file', content: JSON.stringify({ file_key: fileKey, file_name: fileName }) });
    message.file = { fileKey, fileName };
    this.opts.im.registerFile(message.messageId, fileName, data, fileKey);
    const res = await this.push(this.messageEvent(message, chatType));
    return { ...res, message, fileKey };
  }

  /** A user clicks a button whose callback value is `value` on a card the bot sent. */
  async click(messageId: string, value: Record<string, unknown>, o: { openId?: string } = {}): Promise<PushResult> {
    const msg = this.opts.im.messages.get(messageId);
    const openId = o.openId ?? SANDBOX_USER_OPEN_ID;
    const envelope = {
      schema: '2.0',
      header: this.header('card.action.trigger'),
      event: {
        operator: { tenant_key: this.opts.tenantKey ?? 'sandbox-tenant', user_id: openId.slice(3, 11), open_id: openId, union_id: `on_${openId.slice(3)}` },
        token: `c-${hex(20)}`,
        action: { tag: 'button', value, timezone: 'Asia/Shanghai' },
        host: 'im_message',
        context: { open_message_id: messageId, open_chat_id: msg?.chatId ?? '' },
      },
    };
    if (!this.opts.cardsUrl) throw new Error('no cardsUrl configured for card callbacks');
    return this.push(envelope, {}, this.opts.cardsUrl);
  }

  /** POST an envelope (encrypted and signed as configured) and return the HTTP answer. */
  async push(envelope: Record<string, unknown>, o: PushOptions = {}, url = this.opts.eventsUrl): Promise<PushResult> {
    const key = this.opts.encryptKey;
    const encrypt = o.encrypt ?? Boolean(key);
    const plain = JSON.stringify(envelope);
    const raw = encrypt ? JSON.stringify({ encrypt: encryptForFeishu(plain, key as string) }) : plain;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (o.sign ?? Boolean(key)) {
      const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
      const nonce = hex(8);
      headers['x-lark-request-timestamp'] = ts;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = signFeishuBody(ts, nonce, key ?? '', raw);
    }
    Object.assign(headers, o.headers);
    const res = await fetch(url, { method: 'POST', headers, body: raw });
    return { status: res.status, body: await res.text(), envelope };
  }
}
