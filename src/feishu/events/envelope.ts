// Opening a request from Feishu before anything else runs (ARCHITECTURE principle 6):
// signature over the RAW body, timestamp freshness, AES decryption, verification token.
// The SDK's own check hashes JSON.stringify(parsed body) — not the bytes Feishu signed — and
// never checks the verification token (contract §1.5), so both are done here.
import { createHash, timingSafeEqual } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';

export interface EventSecurity {
  verificationToken?: string;
  encryptKey?: string;
  /** Largest accepted distance between x-lark-request-timestamp and now (default 300 s). */
  maxSkewSeconds?: number;
}

export type OpenedEnvelope =
  | { ok: true; payload: Record<string, unknown>; signed: boolean }
  | { ok: false; status: 400 | 401; reason: string };

type Headers = Record<string, string | string[] | undefined>;

const header = (h: Headers, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** AES-256-CBC with key sha256(encryptKey), iv = first 16 bytes (the SDK's AESCipher). */
export function decryptFeishu(encrypt: string, encryptKey: string): string {
  return new lark.AESCipher(encryptKey).decrypt(encrypt);
}

export function feishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + rawBody).digest('hex');
}

export function openEnvelope(rawBody: string, headers: Headers, sec: EventSecurity, nowMs = Date.now()): OpenedEnvelope {
  if (!sec.encryptKey && !sec.verificationToken) return { ok: false, status: 401, reason: 'neither FEISHU_ENCRYPT_KEY nor FEISHU_VERIFICATION_TOKEN is set, so no request can be trusted' };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return { ok: false, status: 400, reason: 'the body is not a JSON object' };
  }

  let payload = body;
  let signed = false;
  if (sec.encryptKey) {
    const signature = header(headers, 'x-lark-signature');
    if (signature) {
      const ts = header(headers, 'x-lark-request-timestamp') ?? '';
      const nonce = header(headers, 'x-lark-request-nonce') ?? '';
      const skew = Math.abs(nowMs / 1000 - Number(ts));
      if (!/^\d+$/.test(ts) || !(skew <= (sec.maxSkewSeconds ?? 300))) return { ok: false, status: 401, reason: 'the request timestamp is missing or stale' };
      if (!sameText(signature, feishuSignature(ts, nonce, sec.encryptKey, rawBody))) return { ok: false, status: 401, reason: 'the signature does not match' };
      signed = true;
    }
    // With an encrypt key configured, Feishu encrypts every push.
    if (typeof body.encrypt !== 'string') return { ok: false, status: 401, reason: 'the body is not encrypted although FEISHU_ENCRYPT_KEY is set' };
    try {
      payload = JSON.parse(decryptFeishu(body.encrypt, sec.encryptKey)) as Record<string, unknown>;
    } catch {
      return { ok: false, status: 401, reason: 'the body cannot be decrypted with FEISHU_ENCRYPT_KEY' };
    }
  } else if ('encrypt' in body) {
    return { ok: false, status: 401, reason: 'the body is encrypted but FEISHU_ENCRYPT_KEY is not set' };
  }

  if (sec.verificationToken) {
    const head = payload.header as { token?: unknown } | undefined;
    const token = String(head?.token ?? payload.token ?? '');
    if (!sameText(token, sec.verificationToken)) return { ok: false, status: 401, reason: 'the verification token does not match' };
  }
  // A challenge changes nothing, and decrypting it already proved the key; anything else must
  // carry a valid signature when an encrypt key is set.
  if (sec.encryptKey && !signed && payload.type !== 'url_verification') return { ok: false, status: 401, reason: 'the request is not signed' };
  return { ok: true, payload, signed };
}

/** Schema 2.0 `{header, event}` as one object, the way the SDK's EventDispatcher hands it to handlers. */
export function flattenEvent(payload: Record<string, unknown>): FeishuEventData | undefined {
  if (payload.schema !== '2.0' || !payload.header) return undefined;
  return { schema: '2.0', ...(payload.header as object), ...((payload.event ?? {}) as object) } as FeishuEventData;
}

/** A flattened event: header fields plus the event's own fields. */
export interface FeishuEventData {
  schema?: string;
  event_id?: string;
  event_type?: string;
  create_time?: string;
  token?: string;
  app_id?: string;
  tenant_key?: string;
  [key: string]: unknown;
}

/** Body of im.message.receive_v1, flattened. */
export interface MessageReceiveEvent extends FeishuEventData {
  sender: { sender_id?: { open_id?: string; union_id?: string; user_id?: string }; sender_type?: string; tenant_key?: string };
  message: {
    message_id: string;
    root_id?: string;
    parent_id?: string;
    create_time?: string;
    chat_id: string;
    thread_id?: string;
    chat_type: 'p2p' | 'group' | string;
    message_type: string;
    content: string;
    mentions?: Array<{ key: string; id?: { open_id?: string; union_id?: string; user_id?: string }; name?: string }>;
  };
}

/** Body of card.action.trigger, flattened. */
export interface CardActionEvent extends FeishuEventData {
  operator?: { open_id?: string; user_id?: string; union_id?: string };
  token?: string;
  action?: { tag?: string; value?: Record<string, unknown>; form_value?: Record<string, unknown> };
  context?: { open_message_id?: string; open_chat_id?: string };
}

/** What a card callback answers (within 3 s): a toast and optionally a new card. */
export interface CardActionResponse {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: Record<string, unknown> };
}
