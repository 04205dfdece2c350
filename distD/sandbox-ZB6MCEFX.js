import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  recordRequests,
  takeFault
} from "./chunk-XQIOZR4A.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/xiaoe/emulator.ts
import { randomBytes } from "node:crypto";
import Fastify from "fastify";

// src/sandbox/xiaoe/dataset.ts
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = a + 1831565813 >>> 0;
    let t = a;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
__name(rng, "rng");
var PRODUCTS = [
  { id: "p_6385a1c2e4b0_Vx1", title: "21\u5929\u5199\u4F5C\u8BAD\u7EC3\u8425", type: 25, fen: 19900 },
  { id: "p_6385a1c2e4b0_Vx2", title: "\u804C\u573AExcel\u8FDB\u9636\u4E13\u680F", type: 6, fen: 9990 },
  { id: "i_6385a1c2e4b0_Vx3", title: "\u76F4\u64AD\u8BFE\uFF1A\u5C0F\u7EA2\u4E66\u8FD0\u8425", type: 4, fen: 2990 },
  { id: "p_6385a1c2e4b0_Vx4", title: "\u5E74\u5EA6\u4F1A\u5458", type: 5, fen: 39900 },
  { id: "v_6385a1c2e4b0_Vx5", title: "\u89C6\u9891\u8BFE\uFF1A\u6444\u5F71\u5165\u95E8", type: 3, fen: 12800 },
  { id: "g_6385a1c2e4b0_Vx6", title: "\u8BFE\u7A0B\u914D\u5957\u6559\u6750(\u5B9E\u7269)", type: 21, fen: 6800 }
];
var Fate = { Paid: 0, Unpaid: 1, Cancelled: 2, FullRefund: 3, PartialRefund: 4, RefundRefused: 5, GroupBuyFailed: 6 };
function generateOrders(o) {
  const rand = rng(o.seed ?? 20250101);
  const n = o.orders;
  const span = Math.max(1, o.to - o.from);
  const c = {
    n,
    created: new Float64Array(n),
    payDelay: new Int32Array(n),
    product: new Uint8Array(n),
    fate: new Uint8Array(n),
    priceFen: new Int32Array(n),
    couponFen: new Int32Array(n),
    refundAsk: new Float64Array(n),
    refundDone: new Float64Array(n),
    refundFen: new Int32Array(n),
    user: new Int32Array(n)
  };
  let prev = o.from;
  for (let i = 0; i < n; i++) {
    const t = Math.max(prev, o.from + Math.floor(i / n * span + rand() * (span / n)));
    prev = t;
    c.created[i] = t;
    const p = Math.floor(rand() * PRODUCTS.length);
    c.product[i] = p;
    const coupon = rand() < 0.2 ? 500 + Math.floor(rand() * 4) * 500 : 0;
    const list = PRODUCTS[p].fen;
    c.couponFen[i] = coupon;
    c.priceFen[i] = Math.max(1, list - coupon);
    c.user[i] = Math.floor(rand() * Math.max(10, n / 3));
    const r = rand();
    let fate = Fate.Paid;
    if (r < 0.06) fate = Fate.Unpaid;
    else if (r < 0.08) fate = Fate.Cancelled;
    else if (r < 0.18) fate = Fate.FullRefund;
    else if (r < 0.22) fate = Fate.PartialRefund;
    else if (r < 0.23) fate = Fate.RefundRefused;
    else if (r < 0.235) fate = Fate.GroupBuyFailed;
    c.fate[i] = fate;
    c.payDelay[i] = fate === Fate.Unpaid || fate === Fate.Cancelled ? -1 : 1 + Math.floor(rand() * 120);
    if (fate === Fate.FullRefund || fate === Fate.PartialRefund || fate === Fate.RefundRefused || fate === Fate.GroupBuyFailed) {
      const ask = t + c.payDelay[i] + (fate === Fate.GroupBuyFailed ? 86400 : 3600 * (2 + Math.floor(rand() * 20 * 24)));
      c.refundAsk[i] = ask;
      c.refundDone[i] = ask + 3600 * (1 + Math.floor(rand() * 24));
      c.refundFen[i] = fate === Fate.PartialRefund ? Math.max(1, Math.floor(c.priceFen[i] / 2)) : c.priceFen[i];
    }
  }
  return c;
}
__name(generateOrders, "generateOrders");
var pad = /* @__PURE__ */ __name((n) => n < 10 ? `0${n}` : String(n), "pad");
function shanghaiTime(sec) {
  const d = new Date((sec + 8 * 3600) * 1e3);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
__name(shanghaiTime, "shanghaiTime");
var ZERO_TIME = "0000-00-00 00:00:00";
function orderIdOf(c, i) {
  return `o_${c.created[i]}_${(i * 2654435761 >>> 0).toString(16).padStart(8, "0")}${i.toString(36)}`;
}
__name(orderIdOf, "orderIdOf");
function stateAt(c, i, now) {
  const created = c.created[i];
  const delay = c.payDelay[i];
  const fate = c.fate[i];
  if (delay < 0 || created + delay > now) {
    if (fate === Fate.Unpaid && now >= created + 1800) return { order: 6, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
    if (fate === Fate.Cancelled && now >= created + 600) return { order: 7, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
    return { order: 0, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
  }
  const ask = c.refundAsk[i];
  if (!ask || now < ask) return { order: 1, sales: -1, afterSales: 0, refunded: false, refundTime: 0 };
  const done = c.refundDone[i];
  if (now < done) return { order: 8, sales: -1, afterSales: 1, refunded: false, refundTime: 0 };
  if (fate === Fate.RefundRefused) return { order: 9, sales: -1, afterSales: 3, refunded: false, refundTime: 0 };
  if (fate === Fate.GroupBuyFailed) return { order: 3, sales: 2, afterSales: 2, refunded: true, refundTime: done };
  if (fate === Fate.PartialRefund) return { order: 11, sales: 1, afterSales: 2, refunded: true, refundTime: done };
  return { order: 10, sales: 2, afterSales: 2, refunded: true, refundTime: done };
}
__name(stateAt, "stateAt");
function wireRecord(c, i, now) {
  const p = PRODUCTS[c.product[i]];
  const s = stateAt(c, i, now);
  const created = c.created[i];
  const paid = s.order !== 0 && s.order !== 6 && s.order !== 7;
  const physical = p.type === 21;
  return {
    order_id: orderIdOf(c, i),
    user_id: `u_${(c.user[i] * 40503 + 24378).toString(16)}_${c.user[i].toString(36)}`,
    resource_type: p.type,
    resource_id: p.id,
    title: p.title,
    count: 1,
    // 实付金额 in 元 (a JSON number), coupon_price and refund_money in 分 (seed 001).
    price: c.priceFen[i] / 100,
    coupon_id: c.couponFen[i] ? `cu_${p.id.slice(2, 10)}` : "",
    coupon_name: c.couponFen[i] ? `\u6EE1\u51CF\u5238${c.couponFen[i] / 100}\u5143` : "",
    coupon_price: c.couponFen[i],
    order_state: s.order,
    ship_state: physical ? paid ? s.refunded ? 1 : 2 : 1 : 0,
    sales_state: s.sales,
    pay_way: paid ? 1 : 0,
    collection_way: -1,
    out_order_id: "",
    transaction_id: paid ? `4200001${String(Math.floor(created)).padStart(10, "0")}${String(i).padStart(8, "0")}` : "",
    client_type: i % 3 === 0 ? 0 : 1,
    system_info: "Mozilla/5.0 (Linux; Android 10) MicroMessenger/8.0.40",
    created_time: shanghaiTime(created),
    pay_time: paid ? shanghaiTime(created + c.payDelay[i]) : ZERO_TIME,
    refund_time: s.refunded ? shanghaiTime(s.refundTime) : ZERO_TIME,
    after_sales_state: s.afterSales,
    settle_time: ZERO_TIME,
    refund_money: s.refunded ? String(c.refundFen[i]) : "",
    receiver_name: physical ? "\u5F20\u4E09" : "",
    receiver_detail: physical ? "\u56DB\u5DDD\u7701\u6210\u90FD\u5E02\u6B66\u4FAF\u533A\u5929\u5E9C\u5927\u9053100\u53F7" : "",
    receiver_phone: physical ? "13800000000" : "",
    order_type: [6],
    discount_price: c.couponFen[i],
    discount_data: c.couponFen[i] ? [{ discount_name: "\u4F18\u60E0\u5238\u62B5\u6263", discount_type: 1, discount_price: c.couponFen[i] }] : [],
    team_buy_state: 0,
    goods_no: ""
  };
}
__name(wireRecord, "wireRecord");

// src/sandbox/xiaoe/emulator.ts
var SANDBOX_APP = { appId: "appsandbox0xiaoe", clientId: "xopsandbox0xiaoe00000001", secretKey: "sandbox-xiaoe-secret-key-0123456789" };
var DEFAULT_XIAOE_CODES = { tokenInvalid: 40001, tokenExpired: 40002, rateLimited: 40003, badParams: 2002 };
function due(f) {
  if (f.after && f.after > 0) {
    f.after -= 1;
    return false;
  }
  return true;
}
__name(due, "due");
var SHANGHAI_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
function secondsOf(created) {
  const m = typeof created === "string" ? SHANGHAI_RE.exec(created) : null;
  if (!m) return NaN;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h - 8, mi, s) / 1e3;
}
__name(secondsOf, "secondsOf");
function createXiaoeEmulator(opts = {}) {
  const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
  const now0 = Math.floor(Date.now() / 1e3);
  const tokens = /* @__PURE__ */ new Map();
  const tokenCalls = [];
  const extras = /* @__PURE__ */ new Map();
  const removed = /* @__PURE__ */ new Set();
  const ttl = opts.tokenTtlSeconds ?? 7200;
  const tokenLimit = opts.tokenCallsPer10Min ?? 100;
  const emu = {
    app,
    baseUrl: "",
    appId: opts.appId ?? SANDBOX_APP.appId,
    clientId: opts.clientId ?? SANDBOX_APP.clientId,
    secretKey: opts.secretKey ?? SANDBOX_APP.secretKey,
    codes: { ...DEFAULT_XIAOE_CODES, ...opts.codes },
    data: generateOrders({ orders: opts.orders ?? 500, from: opts.from ?? now0 - 30 * 86400, to: opts.to ?? now0, seed: opts.seed }),
    requests: [],
    faults: [],
    latencyMs: opts.latencyMs ?? 0,
    counts: { token: 0, orderList: 0, refusedToken: 0 },
    clock: {
      offsetMs: opts.clockOffsetMs ?? 0,
      now: /* @__PURE__ */ __name(() => Date.now() + emu.clock.offsetMs, "now"),
      nowSeconds: /* @__PURE__ */ __name(() => Math.floor(emu.clock.now() / 1e3), "nowSeconds"),
      advance: /* @__PURE__ */ __name((ms) => {
        emu.clock.offsetMs += ms;
      }, "advance")
    },
    put(record) {
      const created = secondsOf(record.created_time);
      if (!Number.isFinite(created)) throw new Error(`put: created_time ${String(record.created_time)} is not "YYYY-MM-DD HH:mm:ss"`);
      extras.set(String(record.order_id), { created, record });
      removed.delete(String(record.order_id));
    },
    remove(orderId) {
      extras.delete(orderId);
      removed.add(orderId);
    },
    listed(from, to) {
      return listing(from, to, emu.clock.nowSeconds(), "asc");
    },
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    async listen(port = 0, host = "127.0.0.1") {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, "").replace("localhost", "127.0.0.1");
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    }
  };
  const lowerBound = /* @__PURE__ */ __name((t) => {
    const c = emu.data.created;
    let lo = 0;
    let hi = emu.data.n;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (c[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }, "lowerBound");
  function listing(from, to, now, order) {
    const end = Math.min(to, now);
    const out = [];
    for (let i = lowerBound(from); i < emu.data.n && emu.data.created[i] <= end; i++) {
      const record = wireRecord(emu.data, i, now);
      const id = record.order_id;
      if (extras.has(id) || removed.has(id)) continue;
      out.push({ created: emu.data.created[i], record });
    }
    if (extras.size) {
      for (const e of extras.values()) if (e.created >= from && e.created <= end) out.push(e);
      out.sort((a, b) => a.created - b.created || String(a.record.order_id).localeCompare(String(b.record.order_id)));
    }
    const list = out.map((e) => e.record);
    return order === "desc" ? list.reverse() : list;
  }
  __name(listing, "listing");
  const send = /* @__PURE__ */ __name((reply, code, msg, data = null, status = 200) => reply.code(status).header("content-type", "application/json; charset=utf-8").send(JSON.stringify({ code, msg, data })), "send");
  recordRequests(app, emu.requests);
  if (opts.recordBodies === false) {
    app.addHook("onResponse", async () => {
      const last = emu.requests[emu.requests.length - 1];
      if (last) last.body = void 0;
    });
  }
  app.addHook("onRequest", async (req) => {
    if (req.method === "GET" && req.headers["content-type"]?.includes("application/json") && Number(req.headers["content-length"] ?? 0) > 0) {
      const chunks = [];
      for await (const chunk of req.raw) chunks.push(chunk);
      try {
        req.getBody = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        req.getBody = void 0;
      }
    }
  });
  app.addHook("preHandler", async (req, reply) => {
    const line = `${req.method} ${req.url.split("?")[0] ?? req.url}`;
    const fault = takeFault(emu.faults, line, (f) => f.kind !== "malformedPage" && f.kind !== "tokenExpired" && due(f));
    if (!fault) return;
    if (fault.kind === "rateLimit") return send(reply, emu.codes.rateLimited, "\u8BF7\u6C42\u8FC7\u4E8E\u9891\u7E41\uFF0C\u8BF7\u7A0D\u540E\u518D\u8BD5");
    if (fault.kind === "http429") return reply.code(429).header("retry-after", "0").send("Too Many Requests");
    if (fault.kind === "serverError") return reply.code(502).header("content-type", "text/html").send("<html><body>502 Bad Gateway</body></html>");
    if (typeof fault.kind === "object") return send(reply, fault.kind.code, fault.kind.msg ?? "injected fault");
  });
  app.get("/token", async (req, reply) => {
    const q = { ...req.query ?? {}, ...req.getBody ?? {} };
    const now = emu.clock.now();
    while (tokenCalls.length && tokenCalls[0] <= now - 6e5) tokenCalls.shift();
    if (tokenCalls.length >= tokenLimit) {
      emu.counts.refusedToken += 1;
      return send(reply, emu.codes.rateLimited, "\u83B7\u53D6access_token\u8FC7\u4E8E\u9891\u7E41\uFF0C10\u5206\u949F\u5185\u6700\u591A100\u6B21");
    }
    tokenCalls.push(now);
    if (q.grant_type !== "client_credential") return send(reply, emu.codes.badParams, "grant_type \u5FC5\u987B\u4E3A client_credential");
    if (q.app_id !== emu.appId || q.client_id !== emu.clientId) return send(reply, emu.codes.badParams, "app_id \u6216 client_id \u9519\u8BEF");
    if (q.secret_key !== emu.secretKey) return send(reply, 2001, "invalid secret_key");
    for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now + 5 * 6e4);
    const token = `xe_${randomBytes(6).toString("hex")}_${randomBytes(30).toString("base64url")}`;
    tokens.set(token, { expiresAt: now + ttl * 1e3 });
    emu.counts.token += 1;
    return send(reply, 0, "success", { access_token: token, expires_in: ttl });
  });
  app.post("/xe.order.list.get/1.0.1", async (req, reply) => {
    if (emu.latencyMs) await new Promise((r) => setTimeout(r, emu.latencyMs));
    const b = req.body ?? {};
    const bad = /* @__PURE__ */ __name((why) => send(reply, emu.codes.badParams, `\u53C2\u6570\u9519\u8BEF: ${why}`), "bad");
    const token = typeof b.access_token === "string" ? b.access_token : "";
    const issued = tokens.get(token);
    if (!issued) return send(reply, emu.codes.tokenInvalid, "access_token\u65E0\u6548");
    if (takeFault(emu.faults, "POST /xe.order.list.get/1.0.1", (f) => f.kind === "tokenExpired" && due(f))) issued.expiresAt = 0;
    if (issued.expiresAt <= emu.clock.now()) return send(reply, emu.codes.tokenExpired, "access_token\u5DF2\u8FC7\u671F");
    const num = /* @__PURE__ */ __name((v, def) => v === void 0 || v === null || v === "" ? def : typeof v === "number" ? v : /^-?\d+$/.test(String(v).trim()) ? Number(v) : NaN, "num");
    const page = num(b.page_index, 1);
    const size = num(b.page_size, 200);
    if (!Number.isInteger(page) || page < 1) return bad("page_index \u4ECE 1 \u5F00\u59CB");
    if (!Number.isInteger(size) || size < 1) return bad("page_size \u5FC5\u987B\u4E3A\u6B63\u6574\u6570");
    if (size > 200) return bad("page_size \u6700\u5927\u4E3A 200");
    const now = emu.clock.nowSeconds();
    const end = num(b.end_time, now);
    const begin = num(b.begin_time, end - 86400);
    if (!Number.isInteger(begin) || !Number.isInteger(end)) return bad("begin_time/end_time \u4E3A\u79D2\u7EA7\u65F6\u95F4\u6233");
    if (begin > end) return bad("begin_time \u4E0D\u80FD\u5927\u4E8E end_time");
    if (end - begin > 7 * 86400) return bad("begin_time \u4E0E end_time \u7684\u8DE8\u5EA6\u4E0D\u80FD\u8D85\u8FC77\u5929");
    const orderBy = b.order_by === void 0 || b.order_by === "" ? "created_at:asc" : String(b.order_by);
    if (orderBy !== "created_at:asc" && orderBy !== "created_at:desc") return bad("order_by \u53EA\u652F\u6301 created_at:asc / created_at:desc");
    const filters = ["order_id", "user_id", "resource_id", "order_state", "sales_state", "ship_state"].map((k) => [k, b[k] === void 0 || b[k] === "" ? void 0 : String(b[k])]).filter(([, v]) => v !== void 0);
    let total;
    let pageList;
    if (!extras.size && !removed.size && !filters.length && orderBy === "created_at:asc") {
      const lo = lowerBound(begin);
      const hi = lowerBound(Math.min(end, now) + 1);
      total = hi - lo;
      pageList = [];
      for (let i = lo + (page - 1) * size; i < Math.min(hi, lo + page * size); i++) pageList.push(wireRecord(emu.data, i, now));
    } else {
      let list = listing(begin, end, now, orderBy === "created_at:desc" ? "desc" : "asc");
      for (const [k, v] of filters) list = list.filter((r) => String(r[k]) === v);
      total = list.length;
      pageList = list.slice((page - 1) * size, page * size);
    }
    emu.counts.orderList += 1;
    if (takeFault(emu.faults, "POST /xe.order.list.get/1.0.1", (f) => f.kind === "malformedPage" && due(f))) {
      return reply.code(200).header("content-type", "text/html; charset=utf-8").send("<html><head><title>504 Gateway Time-out</title></head><body>nginx</body></html>");
    }
    return send(reply, 0, "", { total, list: pageList });
  });
  return emu;
}
__name(createXiaoeEmulator, "createXiaoeEmulator");

// src/sandbox/xiaoe/sandbox.ts
var FROM = Date.UTC(2024, 11, 31, 16) / 1e3;
var TO = Date.UTC(2027, 11, 31, 16) / 1e3;
var start = /* @__PURE__ */ __name(async (_config, { port }) => {
  const emu = createXiaoeEmulator({ orders: Math.round((TO - FROM) / 86400 * 20), from: FROM, to: TO, seed: 20250101 });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: { XIAOE_APP_ID: emu.appId, XIAOE_CLIENT_ID: emu.clientId, XIAOE_SECRET_KEY: emu.secretKey },
    close: /* @__PURE__ */ __name(() => emu.close(), "close")
  };
}, "start");
export {
  start
};
//# sourceMappingURL=sandbox-ZB6MCEFX.js.map
