// Emulator of Feishu custom bots (自定义机器人): POST /open-apis/bot/v2/hook/:token.
// Contract: shared/contracts/feishu.md §5 and the official guide
// (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot). Per hook, as configured:
// - signature: `sign` must equal base64(HmacSHA256(key = `${timestamp}\n${secret}`, message = ''))
//   and `timestamp` (seconds) be within 1 hour of now, else 19021;
// - keywords: at least one must appear in the message's text, else 19024;
// - IP allowlist, else 19022;
// - body ≤ 20 KB and a valid message (text with content.text, interactive with a card
//   object under `card`), else 9499;
// - 5 requests per second and 100 per minute, else 11232 (HTTP 200), as Feishu enforces
//   per bot since 2022-01-05.
// No tenant token is needed (the core's Bearer check skips /bot/v2/hook/). Accepted messages
// are recorded per hook so tests assert on what the chat would show.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { FeishuEmulator } from './emulator.js';

// Answer bodies verbatim from the guide (fixtures custombot.response.*.json).
export const CUSTOM_BOT_ANSWERS = {
  success: { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' },
  badRequest: { code: 9499, msg: 'Bad Request', data: {} },
  signFail: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
  ipNotAllowed: { code: 19022, msg: 'Ip Not Allowed' },
  keyword: { code: 19024, msg: 'Key Words Not Found' },
  // Frequency limit: code from the frequency-control docs; the msg text is UNCONFIRMED.
  throttled: { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]appID[1]' },
  // Unknown hook token: UNCONFIRMED (as reported by users of removed bots).
  tokenInvalid: { code: 19001, msg: 'param invalid: incoming webhook access token invalid' },
} as const;

export const CUSTOM_BOT_BODY_MAX_BYTES = 20 * 1024;

export interface CustomBotHookOptions {
  /** Signing secret: requests must carry a valid timestamp + sign. */
  secret?: string;
  /** Security keywords: at least one must appear in the message text. */
  keywords?: string[];
  /** Allowed client IPs (exact addresses); unset: any. */
  allowIps?: string[];
}

export interface CustomBotMessage {
  at: number;
  msgType: string;
  /** The card object (msg_type interactive). */
  card?: Record<string, unknown>;
  /** The content object (msg_type text/post/…). */
  content?: Record<string, unknown>;
  body: Record<string, unknown>;
}

export interface CustomBotHook extends CustomBotHookOptions {
  token: string;
  received: CustomBotMessage[];
  /** Every request to this hook with the code it was answered with. */
  answers: { at: number; code: number }[];
  /** Request times within the last minute, for the rate limits. */
  recent: number[];
}

export interface CustomWebhookEmulator {
  /** Create (or reconfigure) a hook; returns its webhook URL (after listen(): absolute). */
  addHook(token: string, opts?: CustomBotHookOptions): string;
  hook(token: string): CustomBotHook;
  /** Messages the hook accepted, oldest first. */
  received(token: string): CustomBotMessage[];
  url(token: string): string;
}

export interface CustomWebhookEmulatorOptions {
  /** Clock (ms) for the timestamp check and the rate limits. */
  now?: () => number;
  limits?: { perSecond: number; perMinute: number };
}

const HOOK_PATH = '/open-apis/bot/v2/hook/';

/** The words the keyword check looks at: every string value in the message. */
function messageWords(body: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(body.content);
  walk(body.card);
  return out.join('\n');
}

function validSign(body: Record<string, unknown>, secret: string, nowMs: number): boolean {
  const { timestamp, sign } = body;
  if (typeof timestamp !== 'string' && typeof timestamp !== 'number') return false;
  if (typeof sign !== 'string') return false;
  const ts = Number(timestamp);
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > 3600) return false;
  // The platform's side, written out rather than imported from the sender, so a wrong
  // sender cannot agree with itself.
  const expected = createHmac('sha256', `${String(timestamp)}\n${secret}`).digest();
  const given = Buffer.from(sign, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function validMessage(body: Record<string, unknown>): boolean {
  const type = body.msg_type;
  if (type === 'interactive') return Boolean(body.card && typeof body.card === 'object' && !Array.isArray(body.card));
  if (type === 'text') return typeof (body.content as { text?: unknown } | undefined)?.text === 'string';
  if (type === 'post' || type === 'image' || type === 'share_chat') return Boolean(body.content && typeof body.content === 'object');
  return false;
}

export function installCustomBot(emu: FeishuEmulator, opts: CustomWebhookEmulatorOptions = {}): CustomWebhookEmulator {
  const now = opts.now ?? Date.now;
  const limits = opts.limits ?? { perSecond: 5, perMinute: 100 };
  const hooks = new Map<string, CustomBotHook>();
  emu.state.customBot = { hooks };

  const answer = (reply: FastifyReply, hook: CustomBotHook | undefined, body: { code: number }) => {
    hook?.answers.push({ at: now(), code: body.code });
    return reply.code(200).send(body);
  };

  emu.app.post<{ Params: { token: string } }>(`${HOOK_PATH}:token`, async (req, reply) => {
    const hook = hooks.get(req.params.token);
    if (!hook) return answer(reply, undefined, CUSTOM_BOT_ANSWERS.tokenInvalid);
    const at = now();
    hook.recent = hook.recent.filter((t) => at - t < 60_000);
    const lastSecond = hook.recent.filter((t) => at - t < 1000).length;
    if (lastSecond >= limits.perSecond || hook.recent.length >= limits.perMinute) return answer(reply, hook, CUSTOM_BOT_ANSWERS.throttled);
    hook.recent.push(at);

    const size = Number(req.headers['content-length']) || Buffer.byteLength(JSON.stringify(req.body ?? ''), 'utf8');
    const body = req.body as Record<string, unknown> | undefined;
    if (size > CUSTOM_BOT_BODY_MAX_BYTES || !body || typeof body !== 'object' || !validMessage(body)) return answer(reply, hook, CUSTOM_BOT_ANSWERS.badRequest);
    if (hook.allowIps && !hook.allowIps.includes(req.ip)) return answer(reply, hook, CUSTOM_BOT_ANSWERS.ipNotAllowed);
    if (hook.secret && !validSign(body, hook.secret, at)) return answer(reply, hook, CUSTOM_BOT_ANSWERS.signFail);
    if (hook.keywords?.length) {
      const words = messageWords(body);
      if (!hook.keywords.some((k) => words.includes(k))) return answer(reply, hook, CUSTOM_BOT_ANSWERS.keyword);
    }
    hook.received.push({
      at,
      msgType: String(body.msg_type),
      ...(body.msg_type === 'interactive' ? { card: body.card as Record<string, unknown> } : { content: body.content as Record<string, unknown> }),
      body,
    });
    return answer(reply, hook, CUSTOM_BOT_ANSWERS.success);
  });

  const api: CustomWebhookEmulator = {
    addHook(token, hookOpts = {}) {
      const existing = hooks.get(token);
      hooks.set(token, { token, received: existing?.received ?? [], answers: existing?.answers ?? [], recent: existing?.recent ?? [], ...hookOpts });
      return api.url(token);
    },
    hook(token) {
      const h = hooks.get(token);
      if (!h) throw new Error(`custom-bot emulator: no hook ${token}`);
      return h;
    },
    received(token) {
      return api.hook(token).received;
    },
    url(token) {
      return `${emu.baseUrl}${HOOK_PATH}${token}`;
    },
  };
  return api;
}
