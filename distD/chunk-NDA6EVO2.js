import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  checkDay,
  cleanDay,
  mappingsOf,
  resendDay,
  resolveMapping
} from "./chunk-CDCYALK5.js";
import {
  parseDay
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/feishu/client.ts
import { randomUUID } from "node:crypto";
import * as lark from "@larksuiteoapi/node-sdk";

// src/feishu/api-errors.ts
var PERMANENT_CODES = /* @__PURE__ */ new Set([230001, 230002, 230006, 230011]);
var RATE_LIMIT_CODES = /* @__PURE__ */ new Set([99991400, 230020]);
var RETRYABLE_CODES = /* @__PURE__ */ new Set([99991663, 1255040, 1254607, 1254291, 1254290]);
var NETWORK_CODES = /* @__PURE__ */ new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ECONNABORTED", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ERR_NETWORK", "UND_ERR_SOCKET"]);
function bodyCode(data) {
  if (data && typeof data === "object" && "code" in data) {
    const d = data;
    return { code: typeof d.code === "number" ? d.code : Number(d.code), msg: typeof d.msg === "string" ? d.msg : void 0 };
  }
  return {};
}
__name(bodyCode, "bodyCode");
function classifyCode(code, httpStatus) {
  if (code !== void 0 && PERMANENT_CODES.has(code)) return "fatal";
  if (httpStatus === 429 || code !== void 0 && RATE_LIMIT_CODES.has(code)) return "rateLimited";
  if (code !== void 0 && RETRYABLE_CODES.has(code)) return "retryable";
  if (httpStatus !== void 0 && httpStatus >= 500) return "retryable";
  return "fatal";
}
__name(classifyCode, "classifyCode");
function classifyThrown(e) {
  const ax = e;
  if (ax?.response) {
    const { code, msg } = bodyCode(ax.response.data);
    const reset = Number(ax.response.headers?.["x-ogw-ratelimit-reset"]);
    return {
      class: classifyCode(code, ax.response.status),
      code,
      httpStatus: ax.response.status,
      msg: msg ?? ax.message ?? `HTTP ${ax.response.status}`,
      retryAfterMs: Number.isFinite(reset) && reset > 0 ? reset * 1e3 : void 0
    };
  }
  if (ax && (NETWORK_CODES.has(String(ax.code)) || ax.isAxiosError)) return { class: "retryable", msg: ax.message ?? String(ax.code) };
  return { class: "fatal", msg: e instanceof Error ? e.message : String(e) };
}
__name(classifyThrown, "classifyThrown");
function classifyBody(body) {
  const { code, msg } = bodyCode(body);
  if (code === void 0 || code === 0) return void 0;
  return { class: classifyCode(code, 200), code, httpStatus: 200, msg: msg ?? "error" };
}
__name(classifyBody, "classifyBody");
var FeishuApiError = class extends TongbuError {
  constructor(failure, kind) {
    const detail = `${kind}: ${failure.code !== void 0 ? `code ${failure.code}, ` : ""}${failure.msg}`;
    super(failure.class === "rateLimited" ? "FEISHU_RATE_LIMITED" : failure.code === void 0 && failure.class === "retryable" ? "FEISHU_UNAVAILABLE" : "FEISHU_API_ERROR", detail);
    this.failure = failure;
  }
  failure;
  static {
    __name(this, "FeishuApiError");
  }
  get feishuCode() {
    return this.failure.code;
  }
};

// src/feishu/chat-limiter.ts
var sleep = /* @__PURE__ */ __name((ms) => new Promise((r) => setTimeout(r, ms)), "sleep");
var PerChatLimiter = class {
  /** `limit` sends within any `windowMs`; the default leaves a margin under 5 per second. */
  constructor(limit = 5, windowMs = 1050) {
    this.limit = limit;
    this.windowMs = windowMs;
  }
  limit;
  windowMs;
  static {
    __name(this, "PerChatLimiter");
  }
  /** Per chat: when each recent send finished (Infinity while in flight). */
  stamps = /* @__PURE__ */ new Map();
  queues = /* @__PURE__ */ new Map();
  /** Resolves when a send to `key` may go, with a `done()` to call once its answer arrived. */
  acquire(key) {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const turn = prev.then(async () => {
      for (; ; ) {
        const now = Date.now();
        const recent = (this.stamps.get(key) ?? []).filter((t) => t > now - this.windowMs);
        if (recent.length < this.limit) {
          recent.push(Infinity);
          this.stamps.set(key, recent);
          return;
        }
        const oldest = Math.min(...recent);
        await sleep(Number.isFinite(oldest) ? oldest + this.windowMs - now + 1 : 20);
      }
    });
    this.queues.set(key, turn);
    void turn.then(() => {
      if (this.queues.get(key) === turn) this.queues.delete(key);
    });
    return turn.then(() => {
      let finished = false;
      return () => {
        if (finished) return;
        finished = true;
        const list = this.stamps.get(key);
        const i = list ? list.indexOf(Infinity) : -1;
        if (list && i >= 0) list[i] = Date.now();
        setTimeout(() => {
          const l = this.stamps.get(key);
          if (l && !this.queues.has(key) && l.every((t) => t <= Date.now() - this.windowMs)) this.stamps.delete(key);
        }, this.windowMs + 10).unref();
      };
    });
  }
};

// src/feishu/client.ts
function sdkLogger(log) {
  const l = log?.child({ mod: "lark-sdk" });
  return {
    error: /* @__PURE__ */ __name((...m) => l?.debug({ sdk: m }, "lark sdk error"), "error"),
    warn: /* @__PURE__ */ __name((...m) => l?.debug({ sdk: m }, "lark sdk warning"), "warn"),
    info: /* @__PURE__ */ __name((...m) => l?.trace({ sdk: m }, "lark sdk info"), "info"),
    debug: /* @__PURE__ */ __name((...m) => l?.trace({ sdk: m }, "lark sdk debug"), "debug"),
    trace: /* @__PURE__ */ __name((...m) => l?.trace({ sdk: m }, "lark sdk trace"), "trace")
  };
}
__name(sdkLogger, "sdkLogger");
function createLarkClient(opts) {
  return new lark.Client({
    appId: opts.appId,
    appSecret: opts.appSecret,
    appType: lark.AppType.SelfBuild,
    // A trailing slash would make the SDK call //open-apis/... (contract §1.1).
    domain: opts.domain.replace(/\/+$/, ""),
    // Own token cache: the SDK's default is module-global, keyed by appId only, so two clients
    // in one process (tests, sandbox next to live) would share tokens.
    cache: new lark.DefaultCache(),
    logger: sdkLogger(opts.log),
    loggerLevel: lark.LoggerLevel.error
  });
}
__name(createLarkClient, "createLarkClient");
var sleep2 = /* @__PURE__ */ __name((ms) => new Promise((r) => setTimeout(r, ms)), "sleep");
var MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024;
async function readAll(stream, limit = MAX_DOWNLOAD_BYTES) {
  const chunks = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    size += b.length;
    if (size > limit) throw new Error(`file larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}
__name(readAll, "readAll");
function fileTypeOf(name) {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (ext === "xls" || ext === "xlsx" || ext === "csv") return "xls";
  if (ext === "doc" || ext === "docx") return "doc";
  if (ext === "ppt" || ext === "pptx") return "ppt";
  if (ext === "pdf" || ext === "mp4" || ext === "opus") return ext;
  return "stream";
}
__name(fileTypeOf, "fileTypeOf");
var FeishuApi = class {
  constructor(client, opts = {}) {
    this.client = client;
    this.opts = opts;
    this.limiter = opts.limiter ?? new PerChatLimiter();
    this.maxAttempts = opts.maxAttempts ?? 5;
    this.baseDelayMs = opts.baseDelayMs ?? 500;
    this.maxDelayMs = opts.maxDelayMs ?? 3e4;
  }
  client;
  opts;
  static {
    __name(this, "FeishuApi");
  }
  limiter;
  maxAttempts;
  baseDelayMs;
  maxDelayMs;
  /** message_id → chat_id of messages we sent, so updates share their chat's send budget. */
  chatOfMessage = /* @__PURE__ */ new Map();
  async sendCard(chatId, card) {
    const uuid = randomUUID();
    const res = await this.call(
      "message.create",
      chatId,
      () => this.client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: chatId, msg_type: "interactive", content: JSON.stringify(card), uuid }
      })
    );
    return this.remember(res.data, chatId);
  }
  /** Reply in the thread of `messageId`. `chatId`, when known, keys the per-chat limit. */
  async replyCard(messageId, card, opts = {}) {
    const uuid = randomUUID();
    const res = await this.call(
      "message.reply",
      opts.chatId ?? this.chatOfMessage.get(messageId) ?? messageId,
      () => this.client.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: "interactive", content: JSON.stringify(card), uuid, reply_in_thread: opts.inThread }
      })
    );
    return this.remember(res.data, opts.chatId);
  }
  async updateCard(messageId, card) {
    await this.call(
      "message.patch",
      this.chatOfMessage.get(messageId) ?? messageId,
      () => this.client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } })
    );
  }
  /** A file a user sent in a message (im.v1.messageResource.get, type file), fully read. */
  async downloadResource(messageId, fileKey) {
    return this.call(
      "message.resource",
      void 0,
      async () => {
        try {
          const res = await this.client.im.v1.messageResource.get({ path: { message_id: messageId, file_key: fileKey }, params: { type: "file" } });
          const headers = res.headers ?? {};
          return { buffer: await readAll(res.getReadableStream()), contentType: headers["content-type"] };
        } catch (e) {
          const data = e.response?.data;
          if (data && typeof data.pipe === "function") {
            const text = (await readAll(data, 64 * 1024).catch(() => Buffer.alloc(0))).toString("utf8");
            try {
              e.response.data = JSON.parse(text);
            } catch {
              e.response.data = text;
            }
          }
          throw e;
        }
      },
      false
    );
  }
  /** Upload a file (≤ 30 MB, not empty) for sending; resolves to its file_key. */
  async uploadFile(name, buffer) {
    const res = await this.call(
      "file.create",
      void 0,
      () => this.client.im.v1.file.create({ data: { file_type: fileTypeOf(name), file_name: name, file: buffer } }),
      false
    );
    if (!res?.file_key) throw new FeishuApiError({ class: "fatal", msg: "the upload answer had no file_key" }, "file.create");
    return res.file_key;
  }
  async sendFile(target, fileKey) {
    const content = JSON.stringify({ file_key: fileKey });
    const uuid = randomUUID();
    if ("chatId" in target) {
      const res2 = await this.call(
        "message.create",
        target.chatId,
        () => this.client.im.v1.message.create({ params: { receive_id_type: "chat_id" }, data: { receive_id: target.chatId, msg_type: "file", content, uuid } })
      );
      return this.remember(res2.data, target.chatId);
    }
    const res = await this.call(
      "message.reply",
      this.chatOfMessage.get(target.replyTo) ?? target.replyTo,
      () => this.client.im.v1.message.reply({ path: { message_id: target.replyTo }, data: { msg_type: "file", content, uuid } })
    );
    return this.remember(res.data);
  }
  /** The bot's own open_id and name (GET /open-apis/bot/v3/info), to tell its @-mentions apart. */
  async botInfo() {
    const res = await this.call(
      "bot.info",
      void 0,
      () => this.client.request({ url: "/open-apis/bot/v3/info", method: "GET" })
    );
    return { openId: res.bot?.open_id ?? "", name: res.bot?.app_name };
  }
  remember(data, chatId) {
    const id = data?.message_id;
    if (!id) throw new FeishuApiError({ class: "fatal", msg: "the answer had no message_id" }, "message");
    const chat = data?.chat_id ?? chatId;
    if (chat) {
      this.chatOfMessage.set(id, chat);
      if (this.chatOfMessage.size > 1e4) this.chatOfMessage.delete(this.chatOfMessage.keys().next().value);
    }
    return id;
  }
  /**
   * One API call with the house rules: wait for the chat's send budget, count the call, check
   * `code` on the body, retry rate limits / 5xx / network errors with backoff, give up at once
   * on permanent errors. Throws FeishuApiError (a TongbuError).
   */
  async call(kind, chatKey, fn, checkBody = true) {
    let failure;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const done = chatKey ? await this.limiter.acquire(chatKey) : void 0;
      this.opts.metrics?.feishuCalls.inc({ kind });
      this.opts.counter?.add(kind);
      try {
        const res = await fn();
        failure = checkBody ? classifyBody(res) : void 0;
        if (!failure) return res;
      } catch (e) {
        if (e instanceof FeishuApiError) throw e;
        failure = classifyThrown(e);
      } finally {
        done?.();
      }
      if (failure.class === "fatal" || attempt === this.maxAttempts) break;
      const backoff = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      const wait = failure.retryAfterMs !== void 0 ? Math.min(failure.retryAfterMs, 6e4) : backoff;
      this.opts.log?.warn({ kind, attempt, code: failure.code, status: failure.httpStatus, waitMs: Math.round(wait) }, `Feishu ${kind} failed (${failure.msg}); retrying`);
      await sleep2(wait);
    }
    const err = new FeishuApiError(failure, kind);
    this.opts.log?.error({ kind, code: err.feishuCode, status: failure?.httpStatus }, err.message);
    throw err;
  }
};

// src/ops/dedup.ts
function checkDate(date) {
  const d = parseDay(date);
  if (!d) throw new TongbuError("BITABLE_DATE_INVALID", date);
  return d;
}
__name(checkDate, "checkDate");
function inputs(services, table, date) {
  const day = checkDate(date);
  return { mapping: resolveMapping(mappingsOf(services, services.bitable), table), day };
}
__name(inputs, "inputs");
async function dedupCheck(services, table, date) {
  const { mapping, day } = inputs(services, table, date);
  return checkDay(services, mapping, day);
}
__name(dedupCheck, "dedupCheck");
async function dedupClean(services, table, date) {
  const { mapping, day } = inputs(services, table, date);
  return cleanDay(services, mapping, day);
}
__name(dedupClean, "dedupClean");
async function forceResync(services, table, date) {
  const { mapping, day } = inputs(services, table, date);
  return resendDay(services, mapping, day);
}
__name(forceResync, "forceResync");
var keyLine = /* @__PURE__ */ __name((label, l) => `${label}: ${l.count}${l.count ? ` (${l.keys.join(", ")}${l.count > l.keys.length ? ", \u2026" : ""})` : ""}`, "keyLine");
function checkLines(r) {
  return [
    `${r.postgresRows} rows in PostgreSQL, ${r.bitableRecords} records in Bitable`,
    keyLine("missing", r.missing),
    keyLine("duplicated", r.duplicated),
    keyLine("different", r.different),
    keyLine("extra", r.extra),
    ...r.unkeyed ? [`${r.unkeyed} records without a record key (added by hand) are left alone`] : []
  ];
}
__name(checkLines, "checkLines");
async function dedupCheckReport(services, args) {
  const r = await dedupCheck(services, args.table, args.date);
  return { title: `${r.table} ${r.date}: ${r.clean ? "clean" : "needs /dedup clean"}`, lines: checkLines(r), ok: r.clean };
}
__name(dedupCheckReport, "dedupCheckReport");
async function dedupCleanReport(services, args) {
  const r = await dedupClean(services, args.table, args.date);
  return {
    title: `${r.before.table} ${r.before.date}: cleaned`,
    lines: [
      `Deleted ${r.deletedDuplicates} duplicates and ${r.deletedExtra} stale records; queued ${r.requeuedMissing} missing and ${r.requeuedDifferent} different rows for the mirror writer.`,
      "Before:",
      ...checkLines(r.before)
    ],
    ok: true
  };
}
__name(dedupCleanReport, "dedupCleanReport");

export {
  createLarkClient,
  FeishuApi,
  dedupCheck,
  dedupClean,
  forceResync,
  dedupCheckReport,
  dedupCleanReport
};
//# sourceMappingURL=chunk-NDA6EVO2.js.map
