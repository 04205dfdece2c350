import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  backoffDelay,
  formatBusinessTime,
  sleep
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  describeError,
  isTongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/feishu/webhook.ts
import { createHmac } from "node:crypto";

// src/feishu/cards/card-size.ts
var BOT_CARD_MAX_BYTES = 30 * 1024;
var WEBHOOK_BODY_MAX_BYTES = 20 * 1024;
function jsonBytes(value) {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}
__name(jsonBytes, "jsonBytes");
function elementsOf(c) {
  return c.body?.elements ?? [];
}
__name(elementsOf, "elementsOf");
function withElements(c, elements) {
  return { ...c, body: { ...c.body, elements } };
}
__name(withElements, "withElements");
function stripCharts(elements) {
  return elements.map((e) => {
    if (e.tag === "chart") return { tag: "markdown", content: "_(trend chart left out: the card was too large)_" };
    if (Array.isArray(e.elements)) return { ...e, elements: stripCharts(e.elements) };
    if (Array.isArray(e.columns)) return { ...e, columns: e.columns.map((col) => ({ ...col, elements: stripCharts(col.elements ?? []) })) };
    return e;
  });
}
__name(stripCharts, "stripCharts");
function fitCard(c, maxBytes, measure = jsonBytes) {
  if (measure(c) <= maxBytes) return c;
  let elements = stripCharts(elementsOf(c));
  let candidate = withElements(c, elements);
  if (measure(candidate) <= maxBytes) return candidate;
  const total = elements.length;
  while (elements.length > 0) {
    elements = elements.slice(0, -1);
    const note = { tag: "markdown", content: `_(${total - elements.length} more part${total - elements.length === 1 ? "" : "s"} left out: the card was too large)_` };
    candidate = withElements(c, [...elements, note]);
    if (measure(candidate) <= maxBytes) return candidate;
  }
  candidate = withElements(c, []);
  return measure(candidate) <= maxBytes ? candidate : void 0;
}
__name(fitCard, "fitCard");
function cardText(c) {
  const lines = [];
  const title = c.header?.title?.content;
  if (title) lines.push(title);
  const walk = /* @__PURE__ */ __name((v) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === "object") {
      const o = v;
      if (o.tag === "chart") return;
      if ((o.tag === "plain_text" || o.tag === "markdown" || o.tag === "lark_md") && typeof o.content === "string") lines.push(o.content);
      for (const [k, child] of Object.entries(o)) if (k !== "behaviors" && k !== "header") walk(child);
    }
  }, "walk");
  walk(c.body);
  return lines.join("\n");
}
__name(cardText, "cardText");

// src/feishu/webhook.ts
var SEND_RETRY = { maxAttempts: 4, baseMs: 1e3, maxDelayMs: 3e4 };
var RETRYABLE_CODES = /* @__PURE__ */ new Set([11232, 9499]);
var PERMANENT = {
  19021: "NOTIFY_WEBHOOK_SIGN_FAILED",
  19022: "NOTIFY_WEBHOOK_IP_DENIED",
  19024: "NOTIFY_WEBHOOK_KEYWORD"
};
function webhookSign(timestampSeconds, secret) {
  return createHmac("sha256", `${timestampSeconds}
${secret}`).update("").digest("base64");
}
__name(webhookSign, "webhookSign");
function describeWebhook(url) {
  const m = /^(.*\/hook\/)(.+)$/.exec(url);
  return m ? `${m[1]}\u2026${m[2].slice(-4)}` : "(webhook)";
}
__name(describeWebhook, "describeWebhook");
var SendBudget = class {
  constructor(limits) {
    this.limits = limits;
  }
  limits;
  static {
    __name(this, "SendBudget");
  }
  slots = [];
  queue = Promise.resolve();
  /** Wait for a free slot; call the returned function when the answer arrived. */
  take() {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn.catch(() => void 0);
    return turn;
  }
  async wait() {
    for (; ; ) {
      const now = Date.now();
      this.slots = this.slots.filter((s) => now - s.at < 6e4);
      const inSecond = this.slots.filter((s) => now - s.at < 1e3).map((s) => Math.min(s.at, now)).sort((a, b) => a - b);
      const inMinute = this.slots.map((s) => Math.min(s.at, now)).sort((a, b) => a - b);
      let waitMs = 0;
      if (inSecond.length >= this.limits.perSecond) waitMs = Math.max(waitMs, inSecond[inSecond.length - this.limits.perSecond] + 1e3 - now);
      if (inMinute.length >= this.limits.perMinute) waitMs = Math.max(waitMs, inMinute[inMinute.length - this.limits.perMinute] + 6e4 - now);
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
};
var FeishuWebhook = class {
  constructor(opts) {
    this.opts = opts;
    this.budget = new SendBudget(opts.limits ?? { perSecond: 5, perMinute: 100 });
    this.retry = opts.retry ?? SEND_RETRY;
    this.now = opts.now ?? Date.now;
    this.name = describeWebhook(opts.url);
  }
  opts;
  static {
    __name(this, "FeishuWebhook");
  }
  budget;
  retry;
  now;
  name;
  /** Post a card (shrunk to fit 20 KB, or as text if it cannot). Throws a TongbuError when refused. */
  async sendCard(card2) {
    const envelope = /* @__PURE__ */ __name((c) => ({ ...this.signature(), msg_type: "interactive", card: c }), "envelope");
    const fitted = fitCard(card2, WEBHOOK_BODY_MAX_BYTES, (c) => jsonBytes(envelope(c)));
    if (fitted) {
      if (fitted !== card2) this.opts.log.warn({ webhook: this.name, bytes: jsonBytes(envelope(card2)) }, "card over the 20 KB webhook limit was shrunk");
      return this.post(() => envelope(fitted));
    }
    this.opts.log.warn({ webhook: this.name }, "card cannot fit the 20 KB webhook limit; sending it as text");
    return this.sendText(cardText(card2));
  }
  async sendText(text2) {
    let t = text2;
    while (Buffer.byteLength(t, "utf8") > WEBHOOK_BODY_MAX_BYTES - 512) t = `${t.slice(0, Math.floor(t.length * 0.9))}\u2026`;
    return this.post(() => ({ ...this.signature(), msg_type: "text", content: { text: t } }));
  }
  signature() {
    if (!this.opts.secret) return {};
    const timestamp = String(Math.floor(this.now() / 1e3));
    return { timestamp, sign: webhookSign(timestamp, this.opts.secret) };
  }
  /** `body` is rebuilt per attempt so a retried request carries a fresh timestamp. */
  async post(body) {
    let last = "";
    let resetMs = 0;
    for (let attempt = 1; attempt <= this.retry.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(backoffDelay(attempt - 1, this.retry, Math.min(resetMs, this.retry.maxDelayMs ?? 6e4)));
      const answered = await this.budget.take();
      let status;
      let answer;
      try {
        const res = await fetch(this.opts.url, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify(body()),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 1e4)
        });
        status = res.status;
        resetMs = (Number(res.headers.get("x-ogw-ratelimit-reset")) || 0) * 1e3;
        answer = parseAnswer(await res.text());
        answered();
      } catch (e) {
        answered();
        last = `network error: ${e.message}`;
        this.opts.log.warn({ webhook: this.name, attempt }, `webhook send failed (${last}); retrying`);
        continue;
      }
      const code = answer?.code ?? answer?.StatusCode;
      if (status >= 200 && status < 300 && code === 0) return;
      const msg = answer?.msg ?? answer?.StatusMessage ?? "";
      last = `HTTP ${status}${code !== void 0 ? `, code ${code}` : ""}${msg ? ` (${msg})` : ""}`;
      const permanent = code !== void 0 ? PERMANENT[code] : void 0;
      if (permanent) throw new TongbuError(permanent, `${this.name}: ${last}`);
      const retryable = status === 429 || status >= 500 || answer === void 0 || code !== void 0 && RETRYABLE_CODES.has(code);
      if (!retryable) throw new TongbuError("NOTIFY_WEBHOOK_REJECTED", `${this.name}: ${last}`);
      this.opts.log.warn({ webhook: this.name, attempt, status, code }, `webhook throttled or failing (${last}); retrying`);
    }
    throw new TongbuError("NOTIFY_WEBHOOK_UNAVAILABLE", `${this.name}: ${last}, after ${this.retry.maxAttempts} attempts`);
  }
};
function parseAnswer(raw) {
  try {
    const v = JSON.parse(raw);
    return v && typeof v === "object" ? v : void 0;
  } catch {
    return void 0;
  }
}
__name(parseAnswer, "parseAnswer");

// src/feishu/cards/card-parts.ts
function card(title, colour, elements, subtitle) {
  return {
    schema: "2.0",
    config: { update_multi: true },
    header: {
      title: { tag: "plain_text", content: title },
      ...subtitle ? { subtitle: { tag: "plain_text", content: subtitle } } : {},
      template: colour
    },
    body: { elements }
  };
}
__name(card, "card");
function text(content, opts = {}) {
  return {
    tag: "div",
    text: { tag: "plain_text", content, ...opts.colour ? { text_color: opts.colour } : {}, ...opts.bold ? { text_size: "normal" } : {} }
  };
}
__name(text, "text");
function markdown(content) {
  return { tag: "markdown", content };
}
__name(markdown, "markdown");
function hr() {
  return { tag: "hr" };
}
__name(hr, "hr");
function callbackButton(label, value, type = "primary") {
  return { tag: "button", text: { tag: "plain_text", content: label }, type, behaviors: [{ type: "callback", value }] };
}
__name(callbackButton, "callbackButton");
function linkButton(label, url) {
  return { tag: "button", text: { tag: "plain_text", content: label }, type: "default", behaviors: [{ type: "open_url", default_url: url }] };
}
__name(linkButton, "linkButton");
function buttonRow(buttons) {
  return {
    tag: "column_set",
    flex_mode: "flow",
    columns: buttons.map((b) => ({ tag: "column", width: "auto", elements: [b] }))
  };
}
__name(buttonRow, "buttonRow");
function escapeMarkdown(s) {
  return s.replace(/([*_~`[\]<>])/g, "\\$1");
}
__name(escapeMarkdown, "escapeMarkdown");
function isCallbackButton(e) {
  return e.tag === "button" && Array.isArray(e.behaviors) && e.behaviors.some((b) => b.type === "callback");
}
__name(isCallbackButton, "isCallbackButton");
function withoutCallbackButtons(c, note) {
  let removed = false;
  const clean = /* @__PURE__ */ __name((elements2) => elements2.flatMap((e) => {
    if (isCallbackButton(e)) {
      removed = true;
      return [];
    }
    if (Array.isArray(e.columns)) {
      const columns = e.columns.map((col) => ({ ...col, elements: clean(col.elements ?? []) })).filter((col) => col.elements.length > 0);
      return columns.length ? [{ ...e, columns }] : [];
    }
    if (Array.isArray(e.elements)) return [{ ...e, elements: clean(e.elements) }];
    return [e];
  }), "clean");
  const body = c.body;
  const elements = clean(body?.elements ?? []);
  if (!removed) return c;
  return { ...c, body: { ...body, elements: [...elements, markdown(note)] } };
}
__name(withoutCallbackButtons, "withoutCallbackButtons");

// src/notify/card-broadcaster.ts
var WEBHOOK_RETRY_NOTE = "_To retry, use the Retry button in the Tongbu bot's chat, `/sync` there, or `tongbu sync` on the server._";
var NOTIFY_RETRY = { maxAttempts: 4, baseMs: 1e3, maxDelayMs: 3e4 };
var PERMANENT_SEND_CODES = [230001, 230002, 230006, 230011, 230025];
function isPermanent(e) {
  if (isTongbuError(e)) return true;
  const o = e;
  const code = Number(o?.code ?? o?.response?.data?.code);
  if (PERMANENT_SEND_CODES.includes(code)) return true;
  const text2 = e instanceof Error ? e.message : String(e);
  return PERMANENT_SEND_CODES.some((c) => text2.includes(String(c)));
}
__name(isPermanent, "isPermanent");
var CardBroadcaster = class {
  constructor(targets, log, retry = NOTIFY_RETRY) {
    this.targets = targets;
    this.log = log;
    this.retry = retry;
  }
  targets;
  log;
  retry;
  static {
    __name(this, "CardBroadcaster");
  }
  warnedNoBot = false;
  messenger() {
    const m = this.targets.messenger;
    return typeof m === "function" ? m() : m;
  }
  /** Where cards go: for /status and docs. */
  describe() {
    const out = this.messenger() ? this.targets.chatIds.map((c) => `chat ${c}`) : [];
    if (this.targets.webhook) out.push(`webhook ${this.targets.webhook.name}`);
    return out;
  }
  get hasTargets() {
    return this.describe().length > 0;
  }
  /** Files reach someone: a bot chat is configured and the bot is running. */
  get sendsFiles() {
    return this.targets.chatIds.length > 0 && this.messenger() !== void 0;
  }
  /**
   * Send `card` everywhere; `what` names it in logs ("alert sync:<connector>:<account>").
   * `webhookNote`: a line added to the webhook's copy only (what that chat does not get). Never throws.
   */
  async broadcast(card2, what, opts = {}) {
    if (this.targets.chatIds.length > 0 && !this.messenger() && !this.warnedNoBot) {
      this.warnedNoBot = true;
      this.log.warn("FEISHU_NOTIFY_CHAT_IDS is set but the Feishu bot is not running (no FEISHU_APP_ID?); those chats get nothing");
    }
    if (!this.hasTargets) {
      this.log.warn({ notification: what }, `notification (no Feishu chat or webhook configured):
${cardText(card2)}`);
      return { delivered: 0, failed: 0, logOnly: true };
    }
    const sends = [];
    const messenger = this.messenger();
    const { webhook } = this.targets;
    if (messenger) {
      const botCard = fitCard(card2, BOT_CARD_MAX_BYTES) ?? card2;
      for (const chatId of this.targets.chatIds) sends.push({ target: `chat ${chatId}`, send: /* @__PURE__ */ __name(() => messenger.sendCard(chatId, botCard), "send") });
    }
    if (webhook) {
      const hookCard = withoutCallbackButtons(opts.webhookNote ? withNote(card2, opts.webhookNote) : card2, WEBHOOK_RETRY_NOTE);
      sends.push({ target: `webhook ${webhook.name}`, send: /* @__PURE__ */ __name(() => webhook.sendCard(hookCard), "send") });
    }
    const results = await Promise.all(sends.map((s) => this.deliver(s.target, s.send, what)));
    const delivered = results.filter(Boolean).length;
    return { delivered, failed: results.length - delivered, logOnly: false };
  }
  /**
   * Upload a file once and send it to each bot chat. The webhook gets nothing (a custom bot
   * cannot carry files; say so on its card). Never throws; with no bot chat, nothing is sent.
   */
  async broadcastFile(file, what) {
    const messenger = this.messenger();
    if (!messenger || !this.sendsFiles) {
      this.log.info({ notification: what, file: file.name }, `file ${file.name} not sent: no bot chat (FEISHU_NOTIFY_CHAT_IDS with the Feishu bot running)`);
      return { delivered: 0, failed: 0, logOnly: !this.hasTargets };
    }
    let fileKey = "";
    const uploaded = await this.deliver(
      "file upload",
      async () => {
        fileKey = await messenger.uploadFile(file.name, file.data);
      },
      what
    );
    if (!uploaded) return { delivered: 0, failed: this.targets.chatIds.length, logOnly: false };
    const results = await Promise.all(this.targets.chatIds.map((chatId) => this.deliver(`chat ${chatId}`, () => messenger.sendFile({ chatId }, fileKey), what)));
    const delivered = results.filter(Boolean).length;
    return { delivered, failed: results.length - delivered, logOnly: false };
  }
  async deliver(target, send, what) {
    for (let attempt = 1; ; attempt++) {
      try {
        await send();
        return true;
      } catch (e) {
        const last = attempt >= this.retry.maxAttempts || isPermanent(e);
        const err = describeError(e);
        if (last) {
          this.log.error({ notification: what, target, attempt, error: err }, `notification not delivered to ${target}: ${err.message} \u2014 ${err.action}`);
          return false;
        }
        this.log.warn({ notification: what, target, attempt, error: err.message }, `notification to ${target} failed; retrying`);
        await sleep(backoffDelay(attempt, this.retry));
      }
    }
  }
};
function withNote(card2, note) {
  const body = card2.body;
  return { ...card2, body: { ...body, elements: [...body?.elements ?? [], markdown(note)] } };
}
__name(withNote, "withNote");

// src/feishu/cards/mask.ts
var PHONE = /(?<![\d])(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?\d{4}[-\s]?(\d{4})(?![\d])/g;
var SECRET_PAIR = /\b(access_token|refresh_token|client_token|tenant_access_token|app_access_token|token|secret|app_secret|client_secret|password|passwd|sign|signature|authorization|access-token)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi;
var BEARER = /\bBearer\s+[\w\-.~+/=]+/gi;
var PREFIXED_TOKEN = /\b(?:[tu]-[\w-]{16,}|(?:act|rft|clt)\.[\w.-]{16,})/g;
var OPAQUE = /\b(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[\w.-]{32,}\b/g;
function maskPhone(text2) {
  return text2.replace(PHONE, "$1****$2");
}
__name(maskPhone, "maskPhone");
function maskSensitive(text2) {
  return maskPhone(
    text2.replace(BEARER, "Bearer [hidden]").replace(SECRET_PAIR, "$1$2[hidden]").replace(PREFIXED_TOKEN, "[hidden]").replace(OPAQUE, "[hidden]")
  );
}
__name(maskSensitive, "maskSensitive");
function maskUrl(url) {
  return url.replace(SECRET_PAIR, "$1$2[hidden]");
}
__name(maskUrl, "maskUrl");
function redact(text2) {
  return text2.replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, "$1****$2").replace(/\b(?:t|u|c|act|rft)-[A-Za-z0-9._-]{12,}/g, "[token]").replace(/\b(access_token|refresh_token|token|secret|password|app_secret|client_secret)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1$2[redacted]").replace(/\b[0-9a-f]{32,}\b/gi, "[redacted]");
}
__name(redact, "redact");
function safeText(text2) {
  return redact(text2).replace(/[&<>*_~`[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
__name(safeText, "safeText");

// src/feishu/cards/alert-card.ts
var shanghaiTime = formatBusinessTime;
function retryAction(retry) {
  const value = { action: "retry", connector: retry.connector };
  if (retry.account !== void 0) value.account = retry.account;
  if (retry.from !== void 0) value.from = retry.from;
  if (retry.to !== void 0) value.to = retry.to;
  return value;
}
__name(retryAction, "retryAction");
function alertCard(input, info) {
  const repeated = info.count > 1 ? ` \xB7 ${info.count} times since ${shanghaiTime(info.since)}` : "";
  const elements = [
    markdown("**What failed**"),
    text(maskSensitive(input.title)),
    markdown("**Error**"),
    text(maskSensitive(input.message)),
    markdown("**What to do**"),
    text(maskSensitive(input.action))
  ];
  const buttons = [];
  if (input.retry) buttons.push(callbackButton("Retry", { ...retryAction(input.retry) }));
  if (input.link) buttons.push(linkButton(maskSensitive(input.link.text), maskUrl(input.link.url)));
  if (buttons.length) elements.push(hr(), buttonRow(buttons));
  return card(`Tongbu alert: ${maskSensitive(input.title)}`, "red", elements, `Failing since ${shanghaiTime(info.since)} (Asia/Shanghai)${repeated}`);
}
__name(alertCard, "alertCard");
function recoveryCard(info) {
  const elements = [
    text(maskSensitive(info.message)),
    markdown(`Failed ${info.count} time${info.count === 1 ? "" : "s"} from ${shanghaiTime(info.since)} to ${shanghaiTime(info.at)} (Asia/Shanghai).`)
  ];
  return card(`Tongbu recovered: ${maskSensitive(info.title)}`, "green", elements);
}
__name(recoveryCard, "recoveryCard");

// src/notify/alert-store.ts
var AlertStore = class {
  constructor(pool, repeatMinutes) {
    this.pool = pool;
    this.repeatMinutes = repeatMinutes;
  }
  pool;
  repeatMinutes;
  static {
    __name(this, "AlertStore");
  }
  /** Record an occurrence of `key` at `now`; `send` is true for the one caller that should notify. */
  async claim(key, title, message, now) {
    const inserted = await this.pool.query(
      `INSERT INTO notify_alerts (key, title, message, first_at, last_seen_at, last_sent_at, count, sent_count)
       VALUES ($1, $2, $3, $4, $4, $4, 1, 1)
       ON CONFLICT (key) DO NOTHING
       RETURNING count, first_at`,
      [key, title, message, now]
    );
    if (inserted.rows[0]) return { send: true, count: 1, firstAt: inserted.rows[0].first_at };
    const due = await this.pool.query(
      `UPDATE notify_alerts SET
         title = $2, message = $3, last_seen_at = $4, last_sent_at = $4,
         first_at   = CASE WHEN resolved_at IS NOT NULL THEN $4 ELSE first_at END,
         count      = CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE count + 1 END,
         sent_count = CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE sent_count + 1 END,
         resolved_at = NULL
       WHERE key = $1
         AND (resolved_at IS NOT NULL OR last_sent_at IS NULL OR last_sent_at <= $4::timestamptz - make_interval(mins => $5::int))
       RETURNING count, first_at`,
      [key, title, message, now, this.repeatMinutes]
    );
    if (due.rows[0]) return { send: true, count: due.rows[0].count, firstAt: due.rows[0].first_at };
    const seen = await this.pool.query(
      `UPDATE notify_alerts SET count = count + 1, last_seen_at = $2, message = $3
       WHERE key = $1 RETURNING count, first_at`,
      [key, now, message]
    );
    const row = seen.rows[0];
    return { send: false, count: row?.count ?? 1, firstAt: row?.first_at ?? now };
  }
  /** Undo a claim whose card reached nobody, so the next occurrence tries again. */
  async release(key, claimedAt) {
    await this.pool.query(
      `UPDATE notify_alerts SET last_sent_at = NULL, sent_count = greatest(sent_count - 1, 0)
       WHERE key = $1 AND last_sent_at = $2`,
      [key, claimedAt]
    );
  }
  /**
   * End the episode of `key`. Returns it when a card had been sent for it (the caller sends
   * the recovery); undefined when the key was not alerting. Only one replica gets the row.
   */
  async resolve(key, now) {
    const res = await this.pool.query(
      `UPDATE notify_alerts SET resolved_at = $2
       WHERE key = $1 AND resolved_at IS NULL
       RETURNING title, first_at, count, sent_count`,
      [key, now]
    );
    const row = res.rows[0];
    if (!row || row.sent_count === 0) return void 0;
    return { title: row.title, firstAt: row.first_at, count: row.count };
  }
};

// src/notify/feishu-notifier.ts
var FeishuNotifier = class {
  constructor(deps) {
    this.deps = deps;
    this.store = new AlertStore(deps.pool, deps.repeatMinutes);
    this.now = deps.now ?? (() => /* @__PURE__ */ new Date());
    this.log = deps.log.child({ mod: "notify" });
  }
  deps;
  static {
    __name(this, "FeishuNotifier");
  }
  store;
  now;
  log;
  async alert(input) {
    try {
      const now = this.now();
      const claim = await this.store.claim(input.key, maskSensitive(input.title), maskSensitive(input.message), now);
      this.log.warn({ alert: input.key, count: claim.count, sending: claim.send }, `alert: ${maskSensitive(input.title)}: ${maskSensitive(input.message)}`);
      if (!claim.send) return;
      const result = await this.deps.broadcaster.broadcast(alertCard(input, { count: claim.count, since: claim.firstAt }), `alert ${input.key}`);
      if (!result.logOnly && result.delivered === 0) await this.store.release(input.key, now);
    } catch (e) {
      this.log.error({ alert: input.key, error: describeError(e) }, "alert could not be processed");
    }
  }
  async recover(key, message) {
    try {
      const now = this.now();
      const resolved = await this.store.resolve(key, now);
      if (!resolved) return;
      this.log.info({ alert: key }, `recovered: ${resolved.title}`);
      await this.deps.broadcaster.broadcast(recoveryCard({ title: resolved.title, message, since: resolved.firstAt, at: now, count: resolved.count }), `recovery ${key}`);
    } catch (e) {
      this.log.error({ alert: key, error: describeError(e) }, "recovery could not be processed");
    }
  }
};

// src/notify/create-notifier.ts
function createNotifications(deps) {
  const { config, log } = deps;
  const chatIds = config.FEISHU_NOTIFY_CHAT_IDS;
  const webhook = config.FEISHU_WEBHOOK_URL ? new FeishuWebhook({ url: config.FEISHU_WEBHOOK_URL, secret: config.FEISHU_WEBHOOK_SECRET, log: log.child({ mod: "feishu-webhook" }), retry: deps.retry }) : void 0;
  const broadcaster = new CardBroadcaster({ messenger: deps.messenger, chatIds, webhook }, log.child({ mod: "notify" }), deps.retry);
  const notifier = new FeishuNotifier({ pool: deps.pool, log, broadcaster, repeatMinutes: config.ALERT_REPEAT_MINUTES, now: deps.now });
  return { notifier, broadcaster };
}
__name(createNotifications, "createNotifications");

export {
  maskSensitive,
  safeText,
  BOT_CARD_MAX_BYTES,
  fitCard,
  card,
  markdown,
  hr,
  escapeMarkdown,
  createNotifications
};
//# sourceMappingURL=chunk-WBJRFPRW.js.map
