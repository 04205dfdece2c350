import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  recordRequests,
  takeFault
} from "./chunk-XQIOZR4A.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/feishu/sandbox.ts
import { randomBytes as randomBytes4 } from "node:crypto";

// src/sandbox/feishu/emulator.ts
import Fastify from "fastify";
import { randomBytes } from "node:crypto";
function createFeishuEmulator(opts = {}) {
  const app = Fastify({ logger: opts.log ?? false, bodyLimit: 110 * 1024 * 1024 });
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const emu = {
    app,
    appId: opts.appId ?? "cli_a1b2c3d4e5f60718",
    appSecret: opts.appSecret ?? "sandbox-feishu-secret",
    baseUrl: "",
    requests: [],
    faults: [],
    state: {},
    tokens: /* @__PURE__ */ new Map(),
    async listen(port = 0, host = "127.0.0.1") {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, "").replace("localhost", "127.0.0.1");
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    fail(reply, code, msg, httpStatus = 200) {
      return reply.code(httpStatus).send({ code, msg, error: { log_id: randomBytes(8).toString("hex") } });
    },
    ok(reply, data = {}) {
      return reply.code(200).send({ code: 0, msg: "success", data });
    }
  };
  app.addContentTypeParser(/^multipart\/form-data/, { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.addContentTypeParser("application/octet-stream", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  recordRequests(app, emu.requests);
  app.addHook("preHandler", async (req, reply) => {
    const path = req.url.split("?")[0] ?? req.url;
    const fault = takeFault(emu.faults, `${req.method} ${path}`);
    if (fault) {
      if (fault.kind === "rateLimit") {
        reply.header("x-ogw-ratelimit-limit", "50");
        reply.header("x-ogw-ratelimit-reset", String(fault.resetSeconds ?? 1));
        return emu.fail(reply, 99991400, "request trigger frequency limit", 429);
      }
      return emu.fail(reply, fault.kind.code, fault.kind.msg ?? "injected fault", fault.kind.httpStatus ?? 200);
    }
    if (path.startsWith("/open-apis/") && !path.startsWith("/open-apis/auth/") && !path.startsWith("/open-apis/bot/v2/hook/")) {
      const auth = req.headers.authorization;
      if (!auth?.startsWith("Bearer ")) return emu.fail(reply, 99991661, "Missing access token for authorization", 400);
      const token = auth.slice(7);
      const exp = emu.tokens.get(token);
      if (!exp || exp < Date.now()) return emu.fail(reply, 99991663, "Invalid access token for authorization", 400);
    }
  });
  app.post("/open-apis/auth/v3/tenant_access_token/internal", async (req, reply) => {
    const body = req.body ?? {};
    if (body.app_id !== emu.appId || body.app_secret !== emu.appSecret) {
      return reply.send({ code: 10014, msg: "app secret invalid" });
    }
    const now = Date.now();
    let token = [...emu.tokens.entries()].find(([, exp]) => exp - now >= 30 * 6e4 || ttl < 1800 && exp > now)?.[0];
    if (!token) {
      token = `t-${randomBytes(16).toString("hex")}`;
      emu.tokens.set(token, now + ttl * 1e3);
    }
    const expire = Math.round(((emu.tokens.get(token) ?? now) - now) / 1e3);
    return reply.send({ code: 0, msg: "ok", tenant_access_token: token, expire });
  });
  return emu;
}
__name(createFeishuEmulator, "createFeishuEmulator");

// src/sandbox/feishu/events.ts
import { createCipheriv, createHash, randomBytes as randomBytes2 } from "node:crypto";
var SANDBOX_USER_OPEN_ID = "ou_sandbox_user";
function encryptForFeishu(plaintext, encryptKey) {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes2(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}
__name(encryptForFeishu, "encryptForFeishu");
function signFeishuBody(timestamp, nonce, encryptKey, rawBody) {
  return createHash("sha256").update(timestamp + nonce + encryptKey + rawBody).digest("hex");
}
__name(signFeishuBody, "signFeishuBody");
var hex = /* @__PURE__ */ __name((n) => randomBytes2(n).toString("hex"), "hex");
var FeishuEventPusher = class {
  constructor(opts) {
    this.opts = opts;
  }
  opts;
  static {
    __name(this, "FeishuEventPusher");
  }
  header(eventType) {
    return {
      event_id: hex(16),
      event_type: eventType,
      create_time: String(Date.now()),
      token: this.opts.verificationToken ?? "",
      app_id: this.opts.emulator.appId,
      tenant_key: this.opts.tenantKey ?? "sandbox-tenant"
    };
  }
  sender(openId) {
    return { sender_id: { open_id: openId, union_id: `on_${openId.slice(3)}`, user_id: openId.slice(3, 11) }, sender_type: "user", tenant_key: this.opts.tenantKey ?? "sandbox-tenant" };
  }
  /** An im.message.receive_v1 envelope for a message already recorded in the emulator. */
  messageEvent(msg, chatType, mentions = []) {
    return {
      schema: "2.0",
      header: this.header("im.message.receive_v1"),
      event: {
        sender: this.sender(msg.openId ?? "ou_unknown"),
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
          mentions
        }
      }
    };
  }
  /** A user types `text` in a chat; in groups the bot is @-mentioned first, as Feishu renders it. */
  async say(chatId, text, o = {}) {
    const chatType = o.chatType ?? this.opts.im.chats.get(chatId)?.type ?? "group";
    if (!this.opts.im.chats.has(chatId)) this.opts.im.addChat(chatId, { type: chatType });
    const mention = o.mentionBot ?? chatType === "group";
    const bot = this.opts.im.bot;
    const mentions = mention ? [{ key: "@_user_1", id: { open_id: bot.openId, union_id: `on_${bot.openId.slice(3)}`, user_id: "" }, name: bot.name, tenant_key: this.opts.tenantKey ?? "sandbox-tenant" }] : [];
    const message = this.opts.im.addUserMessage({
      chatId,
      openId: o.openId ?? SANDBOX_USER_OPEN_ID,
      msgType: "text",
      content: JSON.stringify({ text: mention ? `@_user_1 ${text}` : text }),
      parentId: o.parentId
    });
    const res = await this.push(this.messageEvent(message, chatType, mentions));
    return { ...res, message };
  }
  /** A user drops a file into a chat; the resource endpoint then serves it for this message. */
  async sendFile(chatId, fileName, data, o = {}) {
    const chatType = o.chatType ?? this.opts.im.chats.get(chatId)?.type ?? "group";
    if (!this.opts.im.chats.has(chatId)) this.opts.im.addChat(chatId, { type: chatType });
    const fileKey = `file_v3_${hex(12)}`;
    const message = this.opts.im.addUserMessage({ chatId, openId: o.openId ?? SANDBOX_USER_OPEN_ID, msgType: "file", content: JSON.stringify({ file_key: fileKey, file_name: fileName }) });
    message.file = { fileKey, fileName };
    this.opts.im.registerFile(message.messageId, fileName, data, fileKey);
    const res = await this.push(this.messageEvent(message, chatType));
    return { ...res, message, fileKey };
  }
  /** A user clicks a button whose callback value is `value` on a card the bot sent. */
  async click(messageId, value, o = {}) {
    const msg = this.opts.im.messages.get(messageId);
    const openId = o.openId ?? SANDBOX_USER_OPEN_ID;
    const envelope = {
      schema: "2.0",
      header: this.header("card.action.trigger"),
      event: {
        operator: { tenant_key: this.opts.tenantKey ?? "sandbox-tenant", user_id: openId.slice(3, 11), open_id: openId, union_id: `on_${openId.slice(3)}` },
        token: `c-${hex(20)}`,
        action: { tag: "button", value, timezone: "Asia/Shanghai" },
        host: "im_message",
        context: { open_message_id: messageId, open_chat_id: msg?.chatId ?? "" }
      }
    };
    if (!this.opts.cardsUrl) throw new Error("no cardsUrl configured for card callbacks");
    return this.push(envelope, {}, this.opts.cardsUrl);
  }
  /** POST an envelope (encrypted and signed as configured) and return the HTTP answer. */
  async push(envelope, o = {}, url = this.opts.eventsUrl) {
    const key = this.opts.encryptKey;
    const encrypt = o.encrypt ?? Boolean(key);
    const plain = JSON.stringify(envelope);
    const raw = encrypt ? JSON.stringify({ encrypt: encryptForFeishu(plain, key) }) : plain;
    const headers = { "content-type": "application/json; charset=utf-8" };
    if (o.sign ?? Boolean(key)) {
      const ts = String(o.timestamp ?? Math.floor(Date.now() / 1e3));
      const nonce = hex(8);
      headers["x-lark-request-timestamp"] = ts;
      headers["x-lark-request-nonce"] = nonce;
      headers["x-lark-signature"] = signFeishuBody(ts, nonce, key ?? "", raw);
    }
    Object.assign(headers, o.headers);
    const res = await fetch(url, { method: "POST", headers, body: raw });
    return { status: res.status, body: await res.text(), envelope };
  }
};

// src/sandbox/feishu/im.ts
import { randomBytes as randomBytes3 } from "node:crypto";

// src/sandbox/feishu/multipart.ts
function parseMultipart(body, contentType) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const chunk = body.subarray(start + 2, next - 2);
    const headerEnd = chunk.indexOf("\r\n\r\n");
    const headers = chunk.subarray(0, headerEnd).toString("utf8");
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? "";
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? "",
      filename: /filename="([^"]*)"/i.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1],
      data: chunk.subarray(headerEnd + 4)
    });
    pos = next;
  }
  return parts;
}
__name(parseMultipart, "parseMultipart");

// src/sandbox/feishu/page.ts
function sandboxPage() {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tongbu \u2014 Feishu sandbox</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f7;color:#1f2329}
header{background:#3370ff;color:#fff;padding:10px 16px}header h1{font-size:16px;margin:0}
main{max-width:860px;margin:0 auto;padding:12px}
.chat{background:#fff;border-radius:8px;margin:12px 0;padding:12px}
.chat h2{font-size:14px;margin:0 0 8px;color:#646a73}
.msg{border-left:3px solid #dee0e3;margin:8px 0;padding:4px 10px;white-space:pre-wrap}
.msg.bot{border-color:#3370ff}.meta{color:#8f959e;font-size:12px}
.card-title{font-weight:600}
form{display:flex;gap:6px;margin-top:8px}input{flex:1;padding:6px;border:1px solid #dee0e3;border-radius:6px}
button{padding:6px 12px;border:0;border-radius:6px;background:#3370ff;color:#fff}
</style></head><body>
<header><h1>Tongbu \xB7 Feishu sandbox \u2014 what the bot sent</h1></header>
<main id="root">Loading\u2026</main>
<script>
function texts(node, out){
  if(!node||typeof node!=='object')return out;
  if(Array.isArray(node)){node.forEach(n=>texts(n,out));return out;}
  if(typeof node.content==='string'&&(node.tag==='markdown'||node.tag==='plain_text'||node.tag==='lark_md'))out.push(node.content);
  for(const k of Object.keys(node))if(k!=='header'&&typeof node[k]==='object')texts(node[k],out);
  return out;
}
function esc(s){return String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));}
// Card markdown as Feishu shows it: entities decoded, **bold** and \`code\` rendered.
function mdRender(s){
  const plain=String(s).replace(/&#(\\d+);/g,(_,n)=>String.fromCharCode(Number(n))).replace(/\\\\([*_~<>\\[\\]\`])/g,'$1');
  return esc(plain).replace(/\\*\\*(.+?)\\*\\*/g,'<b>$1</b>').replace(/\`([^\`]+)\`/g,'<code>$1</code>');
}
function when(iso){try{return new Date(iso).toLocaleString('zh-CN',{timeZone:'Asia/Shanghai',hour12:false});}catch(e){return iso;}}
function render(data){
  const root=document.getElementById('root');
  const focus=document.activeElement&&document.activeElement.id;
  const typed={};document.querySelectorAll('input').forEach(i=>typed[i.id]=i.value);
  root.innerHTML=(data.chats.length?'':'<p>No chats yet.</p>')+data.chats.map(c=>{
    const msgs=c.messages.map(m=>{
      let body=m.text!==undefined?esc(m.text):m.file?('\u{1F4CE} '+esc(m.file.fileName)):'';
      if(m.card){const t=m.card.header&&m.card.header.title&&m.card.header.title.content;
        body=(t?'<div class="card-title">'+esc(t)+'</div>':'')+mdRender(texts(m.card.body||m.card.elements||m.card,[]).join('\\n'));}
      return '<div class="msg '+m.sender+'"><div class="meta">'+(m.sender==='bot'?'\u{1F916} bot':'\u{1F464} '+esc(m.openId||'user'))+' \xB7 '+when(m.createdAt)+(m.updates?' \xB7 updated '+m.updates+'\xD7':'')+'</div>'+body+'</div>';
    }).join('');
    return '<section class="chat"><h2>'+esc(c.name)+' ('+c.type+', '+esc(c.chatId)+')</h2>'+msgs+
      '<form data-chat="'+esc(c.chatId)+'" data-type="'+c.type+'"><input id="in-'+esc(c.chatId)+'" placeholder="/help, /status, /sync \u2026"><button>Send</button></form></section>';
  }).join('');
  document.querySelectorAll('input').forEach(i=>{if(typed[i.id])i.value=typed[i.id];});
  if(focus){const el=document.getElementById(focus);if(el)el.focus();}
  document.querySelectorAll('form').forEach(f=>f.onsubmit=async e=>{e.preventDefault();const i=f.querySelector('input');
    const text=i.value;i.value='';
    const r=await fetch('/sandbox/say',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({chatId:f.dataset.chat,chatType:f.dataset.type,text})});
    if(!r.ok)alert('Could not send: '+await r.text());load();});
}
async function load(){try{render(await (await fetch('/sandbox/messages')).json());}catch(e){}}
load();setInterval(()=>{if(!document.activeElement||document.activeElement.tagName!=='INPUT'||!document.activeElement.value)load();},2000);
</script></body></html>`;
}
__name(sandboxPage, "sandboxPage");

// src/sandbox/feishu/im.ts
var CARD_LIMIT = 30 * 1024;
var UPLOAD_LIMIT = 30 * 1024 * 1024;
var UUID_TTL_MS = 36e5;
var newId = /* @__PURE__ */ __name((prefix) => `${prefix}${randomBytes3(16).toString("hex")}`, "newId");
function installImEmulator(emu, opts = {}) {
  const sends = /* @__PURE__ */ new Map();
  const patches = /* @__PURE__ */ new Map();
  const uuids = /* @__PURE__ */ new Map();
  const im = {
    chats: /* @__PURE__ */ new Map(),
    messages: /* @__PURE__ */ new Map(),
    files: /* @__PURE__ */ new Map(),
    bot: { openId: opts.botOpenId ?? newId("ou_"), name: opts.botName ?? "Tongbu" },
    limits: { perChatPerSecond: 5, cardBytes: CARD_LIMIT, uploadBytes: UPLOAD_LIMIT },
    addChat(chatId, o = {}) {
      const chat = { chatId, name: o.name ?? chatId, type: o.type ?? "group" };
      im.chats.set(chatId, chat);
      return chat;
    },
    list(chatId) {
      return [...im.messages.values()].filter((m) => !chatId || m.chatId === chatId);
    },
    botMessages(chatId) {
      return im.list(chatId).filter((m) => m.sender === "bot");
    },
    addUserMessage(input) {
      if (!im.chats.has(input.chatId)) im.addChat(input.chatId);
      const msg = {
        messageId: newId("om_"),
        chatId: input.chatId,
        sender: "user",
        openId: input.openId,
        msgType: input.msgType,
        content: input.content,
        cardHistory: [],
        parentId: input.parentId,
        rootId: input.parentId ? im.messages.get(input.parentId)?.rootId ?? input.parentId : void 0,
        createdAt: Date.now()
      };
      if (input.msgType === "text") msg.text = JSON.parse(input.content).text;
      im.messages.set(msg.messageId, msg);
      return msg;
    },
    registerFile(messageId, name, data, fileKey = `file_v3_${randomBytes3(12).toString("hex")}`) {
      const file = { fileKey, name, data, messageId };
      im.files.set(fileKey, file);
      return file;
    },
    async waitForBotMessages(chatId, predicate, timeoutMs = 1e4) {
      const until = Date.now() + timeoutMs;
      for (; ; ) {
        const msgs = im.botMessages(chatId);
        if (predicate(msgs)) return msgs;
        if (Date.now() > until) throw new Error(`timed out waiting for bot messages in ${chatId}; have ${msgs.length}: ${JSON.stringify(msgs.map((m) => m.card ?? m.content))}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  emu.state.im = im;
  const overRate = /* @__PURE__ */ __name((stamps, key, limit) => {
    const now = Date.now();
    const recent = (stamps.get(key) ?? []).filter((t) => t > now - 1e3);
    if (recent.length >= limit) {
      stamps.set(key, recent);
      return true;
    }
    recent.push(now);
    stamps.set(key, recent);
    return false;
  }, "overRate");
  const checkContent = /* @__PURE__ */ __name((msgType, content) => {
    if (typeof content !== "string") return [230001, "content must be a JSON string"];
    let parsed;
    try {
      parsed = JSON.parse(content);
    } catch {
      return [230001, "content is not valid JSON"];
    }
    if (msgType === "interactive") {
      if (Buffer.byteLength(content) > im.limits.cardBytes) return [230025, "The message exceeds the maximum size limit (30 KB for cards)"];
      return { card: parsed };
    }
    if (msgType === "text") {
      if (Buffer.byteLength(content) > 150 * 1024) return [230025, "The message exceeds the maximum size limit (150 KB for text)"];
      return { text: String(parsed.text ?? "") };
    }
    if (msgType === "file") {
      const file = im.files.get(String(parsed.file_key ?? ""));
      if (!file) return [230001, "invalid file_key"];
      return { file: { fileKey: file.fileKey, fileName: file.name } };
    }
    return [230001, `msg_type ${msgType} is not supported by the emulator`];
  }, "checkContent");
  const messageView = /* @__PURE__ */ __name((m) => ({
    message_id: m.messageId,
    root_id: m.rootId,
    parent_id: m.parentId,
    msg_type: m.msgType,
    create_time: String(m.createdAt),
    update_time: String(m.updatedAt ?? m.createdAt),
    deleted: false,
    updated: Boolean(m.updatedAt),
    chat_id: m.chatId,
    sender: { id: emu.appId, id_type: "app_id", sender_type: "app", tenant_key: "sandbox" },
    body: { content: m.content }
  }), "messageView");
  const send = /* @__PURE__ */ __name((chatId, body, parent) => {
    if (body.uuid) {
      const seen = uuids.get(body.uuid);
      if (seen && Date.now() - seen.at < UUID_TTL_MS) return { message: im.messages.get(seen.messageId) };
    }
    const checked = checkContent(String(body.msg_type ?? ""), body.content);
    if (Array.isArray(checked)) return { error: checked };
    if (overRate(sends, chatId, im.limits.perChatPerSecond)) return { error: [230020, "This chat is receiving messages too fast (5 per second): request trigger frequency limit"] };
    const msg = {
      messageId: newId("om_"),
      chatId,
      sender: "bot",
      msgType: String(body.msg_type),
      content: body.content,
      card: checked.card,
      cardHistory: checked.card ? [checked.card] : [],
      text: checked.text,
      file: checked.file,
      parentId: parent?.messageId,
      rootId: parent ? parent.rootId ?? parent.messageId : void 0,
      createdAt: Date.now()
    };
    im.messages.set(msg.messageId, msg);
    if (body.uuid) uuids.set(body.uuid, { messageId: msg.messageId, at: msg.createdAt });
    return { message: msg };
  }, "send");
  emu.app.get(
    "/open-apis/bot/v3/info",
    async (_req, reply) => reply.send({ code: 0, msg: "ok", bot: { activate_status: 2, app_name: im.bot.name, avatar_url: "", ip_white_list: [], open_id: im.bot.openId } })
  );
  emu.app.post("/open-apis/im/v1/messages", async (req, reply) => {
    const q = req.query;
    const body = req.body ?? {};
    if (q.receive_id_type !== "chat_id") return emu.fail(reply, 230001, "the emulator supports receive_id_type=chat_id only", 400);
    if (!body.receive_id || !im.chats.has(body.receive_id)) return emu.fail(reply, 230002, "Bot/User can NOT be out of the chat.", 400);
    const res = send(body.receive_id, body);
    if (res.error) return emu.fail(reply, res.error[0], res.error[1], 400);
    return emu.ok(reply, messageView(res.message));
  });
  emu.app.post("/open-apis/im/v1/messages/:id/reply", async (req, reply) => {
    const { id } = req.params;
    const parent = im.messages.get(id);
    if (!parent) return emu.fail(reply, 230001, "invalid message_id", 400);
    if (!im.chats.has(parent.chatId)) return emu.fail(reply, 230002, "Bot/User can NOT be out of the chat.", 400);
    const res = send(parent.chatId, req.body ?? {}, parent);
    if (res.error) return emu.fail(reply, res.error[0], res.error[1], 400);
    return emu.ok(reply, messageView(res.message));
  });
  emu.app.patch("/open-apis/im/v1/messages/:id", async (req, reply) => {
    const { id } = req.params;
    const msg = im.messages.get(id);
    if (!msg || msg.sender !== "bot") return emu.fail(reply, 230001, "invalid message_id (only cards the bot sent can be updated)", 400);
    if (msg.msgType !== "interactive") return emu.fail(reply, 230001, "only interactive messages can be updated", 400);
    if (Date.now() - msg.createdAt > 14 * 864e5) return emu.fail(reply, 230031, "The message has been sent for more than 14 days", 400);
    const checked = checkContent("interactive", req.body?.content);
    if (Array.isArray(checked)) return emu.fail(reply, checked[0], checked[1], 400);
    if (overRate(patches, id, 5)) return emu.fail(reply, 230020, "This message is being updated too fast (5 per second)", 400);
    msg.content = req.body.content;
    msg.card = checked.card;
    msg.cardHistory.push(checked.card);
    msg.updatedAt = Date.now();
    return emu.ok(reply, {});
  });
  emu.app.get("/open-apis/im/v1/messages/:id/resources/:fileKey", async (req, reply) => {
    const { id, fileKey } = req.params;
    const q = req.query;
    if (q.type !== "file" && q.type !== "image") return emu.fail(reply, 234001, "Invalid request param: type must be file or image", 400);
    const msg = im.messages.get(id);
    if (!msg) return emu.fail(reply, 234003, "File not in msg.", 400);
    if (!im.chats.has(msg.chatId)) return emu.fail(reply, 234004, "App not in chat.", 400);
    const file = im.files.get(fileKey);
    if (!file || file.messageId !== id) return emu.fail(reply, 234003, "File not in msg.", 400);
    return reply.header("content-type", "application/octet-stream").header("content-disposition", `attachment; filename="${encodeURIComponent(file.name)}"`).send(file.data);
  });
  emu.app.post("/open-apis/im/v1/files", async (req, reply) => {
    const ct = String(req.headers["content-type"] ?? "");
    if (!Buffer.isBuffer(req.body) || !ct.startsWith("multipart/form-data")) return emu.fail(reply, 234001, "Invalid request param: multipart/form-data expected", 400);
    const parts = parseMultipart(req.body, ct);
    const field = /* @__PURE__ */ __name((name2) => parts.find((p) => p.name === name2), "field");
    const file = field("file");
    const name = field("file_name")?.data.toString("utf8") ?? file?.filename;
    if (!file || !name || !field("file_type")) return emu.fail(reply, 234001, "Invalid request param: file_type, file_name and file are required", 400);
    if (file.data.length === 0) return emu.fail(reply, 234010, "File size cannot be 0.", 400);
    if (file.data.length > im.limits.uploadBytes) return emu.fail(reply, 234006, "The file size exceed the max value (30 MB).", 400);
    const uploaded = { fileKey: `file_v3_${randomBytes3(12).toString("hex")}`, name, data: Buffer.from(file.data) };
    im.files.set(uploaded.fileKey, uploaded);
    return emu.ok(reply, { file_key: uploaded.fileKey });
  });
  emu.app.get("/sandbox/messages", async () => ({
    chats: [...im.chats.values()].map((c) => ({
      ...c,
      messages: im.list(c.chatId).map((m) => ({
        messageId: m.messageId,
        sender: m.sender,
        openId: m.openId,
        msgType: m.msgType,
        text: m.text,
        card: m.card,
        file: m.file,
        parentId: m.parentId,
        createdAt: new Date(m.createdAt).toISOString(),
        updatedAt: m.updatedAt ? new Date(m.updatedAt).toISOString() : void 0,
        updates: Math.max(0, m.cardHistory.length - 1)
      }))
    }))
  }));
  emu.app.get("/sandbox", async (_req, reply) => reply.type("text/html; charset=utf-8").send(sandboxPage()));
  return im;
}
__name(installImEmulator, "installImEmulator");

// src/sandbox/feishu/sandbox.ts
function createFeishuSandbox(opts = {}) {
  const emulator = createFeishuEmulator(opts);
  const im = installImEmulator(emulator, { botName: opts.botName });
  const sandbox = {
    emulator,
    im,
    encryptKey: opts.encryptKey ?? randomBytes4(16).toString("hex"),
    verificationToken: opts.verificationToken ?? randomBytes4(16).toString("hex"),
    connect(urls) {
      sandbox.pusher = new FeishuEventPusher({ emulator, im, ...urls, encryptKey: sandbox.encryptKey, verificationToken: sandbox.verificationToken });
      return sandbox.pusher;
    },
    say: /* @__PURE__ */ __name((chatId, text, o) => pusherOf().say(chatId, text, o), "say"),
    sendFile: /* @__PURE__ */ __name((chatId, name, data, o) => pusherOf().sendFile(chatId, name, data, o), "sendFile"),
    click: /* @__PURE__ */ __name((messageId, value, o) => pusherOf().click(messageId, value, o), "click")
  };
  const pusherOf = /* @__PURE__ */ __name(() => {
    if (!sandbox.pusher) throw new Error("the sandbox is not connected to a bot yet (sandbox.connect)");
    return sandbox.pusher;
  }, "pusherOf");
  emulator.app.post("/sandbox/say", async (req, reply) => {
    const body = req.body ?? {};
    if (!sandbox.pusher) return reply.code(409).send({ error: "the bot is not connected yet" });
    if (!body.chatId || !body.text?.trim()) return reply.code(400).send({ error: "chatId and text are required" });
    const res = await sandbox.pusher.say(body.chatId, body.text, { chatType: body.chatType, openId: body.openId });
    return reply.code(res.status === 200 ? 200 : 502).send({ status: res.status });
  });
  return sandbox;
}
__name(createFeishuSandbox, "createFeishuSandbox");
export {
  createFeishuSandbox
};
//# sourceMappingURL=sandbox-PAK5OGTD.js.map
