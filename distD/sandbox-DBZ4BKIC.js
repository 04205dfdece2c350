import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  encryptField
} from "./chunk-B65ONXEY.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/douyin-life/emulator.ts
import Fastify from "fastify";
import { randomBytes } from "node:crypto";

// src/sandbox/douyin-life/dataset.ts
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
var SKUS = [
  ["1760543044430907", "\u4E09\u661F\u5806+\u718A\u732B\u57FA\u5730\u7CBE\u54C1\u56E2"],
  ["1760543044430911", "\u90FD\u6C5F\u5830\u9752\u57CE\u5C71\u4E00\u65E5\u6E38"],
  ["1760543044430925", "\u706B\u9505\u53CC\u4EBA\u5957\u9910"],
  ["1760543044430938", "\u5DDD\u5267\u53D8\u8138\u665A\u573A\u95E8\u7968"],
  ["1760543044430942", "\u5BBD\u7A84\u5DF7\u5B50\u8336\u9986\u4F53\u9A8C\u5238"]
];
var STATUSES = [200, 201, 1, 101];
function generateOrders(o) {
  const rand = rng(o.seed ?? 42);
  const accounts = o.accounts?.length ? o.accounts : ["7000000000000000001"];
  const n = o.orders ?? 500;
  const span = Math.max(1, o.to - o.from);
  const out = [];
  for (let i = 0; i < n; i++) {
    const account = accounts[i % accounts.length];
    const create = o.from + Math.floor(i / n * span + rand() * (span / n));
    const sku = SKUS[Math.floor(rand() * SKUS.length)];
    const count = 1 + Math.floor(rand() * 3);
    const unit = 1e3 + Math.floor(rand() * 5e4);
    const original = unit * count;
    const discount = Math.floor(rand() * 3) * 500;
    const status = STATUSES[Math.floor(rand() * STATUSES.length)];
    const phone = `1${3 + Math.floor(rand() * 6)}${String(Math.floor(rand() * 1e9)).padStart(9, "0")}`;
    const orderId = (BigInt("1077940305329948933") + BigInt(i * 7919)).toString();
    const record = {
      order_id: orderId,
      order_status: status,
      order_type: 90,
      sku_id: sku[0],
      sku_name: sku[1],
      count,
      original_amount: original,
      pay_amount: Math.max(0, original - discount),
      payment_discount: discount,
      pay_time: status === 101 ? 0 : create + 2,
      create_order_time: create,
      update_order_time: create,
      ext_order_id: (BigInt("1078263594007388830") + BigInt(i)).toString(),
      poi_id: "6601248937912387588",
      certificate: [{ certificate_id: "", item_status: 100, item_update_time: create, order_item_id: `${orderId}01`, refund_amount: 0, refund_time: 0 }],
      contacts: [{ name: "", phone: o.encryptedPhones === false ? phone : encryptField(phone, o.clientSecret) }],
      merchant_info: { account_id: account, account_name: "\u6C99\u76D2\u5546\u6237" }
    };
    out.push({ account_id: account, record, create, update: create, status });
  }
  return out;
}
__name(generateOrders, "generateOrders");
function updateSomeOrders(orders, count, at, seed = 7) {
  const rand = rng(seed);
  const changed = [];
  for (let i = 0; i < count && orders.length; i++) {
    const o = orders[Math.floor(rand() * orders.length)];
    o.status = o.status === 1 ? 101 : 1;
    o.update = Math.max(at, o.update + 1);
    o.record = { ...o.record, order_status: o.status, update_order_time: o.update };
    changed.push(o);
  }
  return changed;
}
__name(updateSomeOrders, "updateSomeOrders");

// src/sandbox/douyin-life/emulator.ts
function envelope(reply, code, description, data = {}, http = 200) {
  return reply.code(http).send({
    data: { ...data, error_code: code, description },
    extra: { error_code: code, description, sub_error_code: 0, sub_description: "", now: Math.floor(Date.now() / 1e3), logid: randomBytes(12).toString("hex") }
  });
}
__name(envelope, "envelope");
function createDouyinLifeEmulator(opts = {}) {
  const now = Math.floor(Date.now() / 1e3);
  const clientKey = opts.clientKey ?? "awsandboxdouyinlife";
  const clientSecret = opts.clientSecret ?? "sandbox-secret-0123456789abcdef";
  const accounts = opts.accounts ?? ["7000000000000000001"];
  const app = Fastify({ logger: false });
  const tokens = /* @__PURE__ */ new Map();
  let queryNo = 0;
  let malformedLeft = opts.faults?.malformedTimes ?? 1;
  let sorted;
  let sortedLength = -1;
  const sortedByCreate = /* @__PURE__ */ __name(() => {
    if (!sorted || sortedLength !== emu.orders.length) {
      sorted = [...emu.orders].sort((a, b) => b.create - a.create || a.record.order_id.localeCompare(b.record.order_id));
      sortedLength = emu.orders.length;
    }
    return sorted;
  }, "sortedByCreate");
  const firstAtOrBelow = /* @__PURE__ */ __name((list, t) => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (list[mid].create > t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }, "firstAtOrBelow");
  const emu = {
    app,
    baseUrl: "",
    clientKey,
    clientSecret,
    accounts,
    orders: generateOrders({
      seed: opts.seed,
      orders: opts.orders,
      accounts,
      from: opts.from ?? now - 30 * 86400,
      to: opts.to ?? now,
      clientSecret,
      encryptedPhones: opts.encryptedPhones ?? true
    }),
    faults: { ...opts.faults },
    queries: [],
    tokenRequests: 0,
    async listen(port = 0) {
      const addr = await app.listen({ port, host: "127.0.0.1" });
      emu.baseUrl = addr.replace("localhost", "127.0.0.1");
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    updateOrders(count, at = Math.floor(Date.now() / 1e3)) {
      return updateSomeOrders(emu.orders, count, at);
    }
  };
  app.post("/oauth/client_token/", async (req, reply) => {
    emu.tokenRequests += 1;
    const b = req.body ?? {};
    if (b.grant_type !== "client_credential") return envelope(reply, 2100005, "\u53C2\u6570\u4E0D\u5408\u6CD5: grant_type");
    if (b.client_key !== clientKey || b.client_secret !== clientSecret) return envelope(reply, 2190004, "client_key \u6216 client_secret \u9519\u8BEF");
    const token = `clt.${randomBytes(16).toString("hex")}`;
    tokens.set(token, { calls: 0, expiresAt: Date.now() + 72e5 });
    return reply.send({ data: { access_token: token, description: "", error_code: "0", expires_in: "7200" }, message: "success" });
  });
  const query = /* @__PURE__ */ __name(async (req, reply) => {
    const q = req.query;
    const f = emu.faults;
    queryNo += 1;
    const log = {
      account_id: q.account_id ?? "",
      page_num: Number(q.page_num ?? 0),
      page_size: Number(q.page_size ?? 0),
      from: Number(q.create_order_start_time ?? q.update_order_start_time) || void 0,
      to: Number(q.create_order_end_time ?? q.update_order_end_time) || void 0,
      status: "error"
    };
    emu.queries.push(log);
    if (f.latencyMs) await new Promise((r) => setTimeout(r, f.latencyMs));
    const token = String(req.headers["access-token"] ?? "");
    const t = tokens.get(token);
    if (!t || t.expiresAt < Date.now()) return envelope(reply, 2190008, "access_token\u8FC7\u671F,\u8BF7\u5237\u65B0\u6216\u66F4\u65B0");
    if (f.expireTokens && f.expireTokens > 0) {
      f.expireTokens -= 1;
      tokens.delete(token);
      return envelope(reply, 2190008, "access_token\u8FC7\u671F,\u8BF7\u5237\u65B0\u6216\u66F4\u65B0");
    }
    if (f.serverErrors && f.serverErrors > 0) {
      f.serverErrors -= 1;
      return reply.code(502).send("Bad Gateway");
    }
    t.calls += 1;
    if (f.tokenExpiresAfterCalls !== void 0 && t.calls > f.tokenExpiresAfterCalls) {
      tokens.delete(token);
      return envelope(reply, 2190008, "access_token\u8FC7\u671F,\u8BF7\u5237\u65B0\u6216\u66F4\u65B0");
    }
    if (f.rateLimitBurst && f.rateLimitBurst > 0) {
      f.rateLimitBurst -= 1;
      if (f.rateLimitBurst % 2 === 0) return reply.code(429).send({ message: "Too Many Requests" });
      return envelope(reply, 2119003, "\u8BF7\u6C42\u592A\u8FC7\u9891\u7E41,\u8BF7\u7A0D\u540E\u518D\u8BD5");
    }
    if (f.errorRate && queryNo * 2654435761 % 1e3 / 1e3 < f.errorRate) {
      return queryNo % 2 ? reply.code(502).send("Bad Gateway") : envelope(reply, 2100004, "\u7CFB\u7EDF\u7E41\u5FD9,\u8BF7\u7A0D\u540E\u91CD\u8BD5");
    }
    if (!q.account_id) return envelope(reply, 2100005, "\u53C2\u6570\u4E0D\u5408\u6CD5: account_id \u5FC5\u586B");
    if (!accounts.includes(q.account_id)) return envelope(reply, 2100007, "\u65E0\u6743\u9650\u64CD\u4F5C\u8BE5\u5546\u5BB6");
    const pageNum = Number(q.page_num);
    const pageSize = Number(q.page_size);
    if (!Number.isInteger(pageNum) || pageNum < 1 || !Number.isInteger(pageSize) || pageSize < 1) {
      return envelope(reply, 0, "", { orders: [], page: { page_num: pageNum || 0, page_size: pageSize || 0, total: 0 } });
    }
    if (pageSize > 200) return envelope(reply, 2100005, "\u53C2\u6570\u4E0D\u5408\u6CD5: page_size \u6700\u5927 200");
    if (f.malformedPage === pageNum && malformedLeft > 0) {
      malformedLeft -= 1;
      return reply.code(200).header("content-type", "application/json").send('{"data": {"orders": [{"order_id": "7000');
    }
    const byCreate = q.create_order_start_time !== void 0 || q.create_order_end_time !== void 0;
    const from = Number(byCreate ? q.create_order_start_time : q.update_order_start_time) || 0;
    const to = Number(byCreate ? q.create_order_end_time : q.update_order_end_time) || Number.MAX_SAFE_INTEGER;
    const status = q.order_status !== void 0 && q.order_status !== "" ? Number(q.order_status) : void 0;
    let candidates;
    if (byCreate) {
      const sorted2 = sortedByCreate();
      candidates = sorted2.slice(firstAtOrBelow(sorted2, to), firstAtOrBelow(sorted2, from - 1));
    } else {
      candidates = sortedByCreate().filter((o) => o.update >= from && o.update <= to);
    }
    const matching = candidates.filter((o) => o.account_id === q.account_id && (status === void 0 || o.status === status));
    const page = matching.slice((pageNum - 1) * pageSize, pageNum * pageSize).map((o) => o.record);
    log.status = "ok";
    return envelope(reply, 0, "", { orders: page, page: { page_num: pageNum, page_size: pageSize, total: matching.length } });
  }, "query");
  app.get("/goodlife/v1/trade/order/query/", query);
  app.get("/goodlife/v1/hermes/trade/order/query/", query);
  return emu;
}
__name(createDouyinLifeEmulator, "createDouyinLifeEmulator");

// src/sandbox/douyin-life/sandbox.ts
var start = /* @__PURE__ */ __name(async (_config, { port }) => {
  const hour = Math.floor(Date.now() / 36e5) * 3600;
  const emu = createDouyinLifeEmulator({ orders: 2e3, from: hour - 30 * 86400, to: hour, accounts: ["7000000000000000001"] });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: { DOUYIN_LIFE_CLIENT_KEY: emu.clientKey, DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret, DOUYIN_LIFE_ACCOUNT_ID: emu.accounts.join(",") },
    close: /* @__PURE__ */ __name(() => emu.close(), "close")
  };
}, "start");
export {
  start
};
//# sourceMappingURL=sandbox-DBZ4BKIC.js.map
