import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  recordRequests,
  takeFault
} from "./chunk-XQIOZR4A.js";
import {
  stringifyWithBigInts
} from "./chunk-7VM5WVL3.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/oceanengine-local/emulator.ts
import Fastify from "fastify";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// src/sandbox/oceanengine-local/data.ts
import { createHash } from "node:crypto";
var NAMES = ["\u70ED\u739B\u5409", "\u9EC4\u91D1\u5FAE\u9488", "\u6297\u8870\u8D85\u58F0\u70AE", "\u6C34\u5149\u9488", "\u5149\u5B50\u5AE9\u80A4", "\u76AE\u79D2\u795B\u6591", "\u70ED\u62C9\u63D0", "\u73BB\u5C3F\u9178"];
function hash(...parts) {
  return createHash("sha256").update(parts.join("|")).digest();
}
__name(hash, "hash");
function int64(...parts) {
  return 7000000000000000000n + hash(...parts).readBigUInt64BE(0) % 2000000000000000000n;
}
__name(int64, "int64");
function unitsFor(seed, account, count) {
  return Array.from({ length: count }, (_, i) => {
    const name = NAMES[i % NAMES.length];
    const mmdd = String(1 + hash(seed, account, "date", i).readUInt8(0) % 28).padStart(2, "0");
    return {
      promotionId: int64(seed, account, "promotion", i),
      promotionName: `${name}\u79C1\u4FE1_02_${mmdd}`,
      projectId: int64(seed, account, "project", i),
      projectName: `${name}_02_${mmdd}_01`
    };
  });
}
__name(unitsFor, "unitsFor");
function rowsFor(seed, account, day, units, revision) {
  const active = units.filter((_, i) => hash(seed, account, day, "active", i).readUInt8(0) % 10 < 8);
  const kept = active.slice(Math.min(revision, Math.max(active.length - 1, 0)));
  return kept.map((unit) => {
    const h = hash(seed, account, day, unit.promotionId.toString(), "rev", revision);
    const show = 500 + h.readUInt32BE(0) % 2e4;
    const click = Math.floor(show * (2e-3 + h.readUInt8(4) % 10 / 1e3));
    const convert = h.readUInt8(5) % 3 === 0 ? 0 : h.readUInt8(6) % 9;
    return {
      unit,
      stat_time_day: day,
      costCents: 5e3 + h.readUInt32BE(8) % 15e4,
      show_cnt: show,
      click_cnt: click,
      convert_cnt: convert,
      clue_pay_order_cnt: h.readUInt8(12) % 4 === 0 ? h.readUInt8(13) % 3 : 0
    };
  });
}
__name(rowsFor, "rowsFor");

// src/sandbox/oceanengine-local/emulator.ts
var OE_CODES = {
  RATE_LIMITED: 40100,
  ACCESS_TOKEN_EXPIRED: 40102,
  AUTH_CODE_INVALID: 40103,
  ACCESS_TOKEN_INVALID: 40105,
  REFRESH_TOKEN_INVALID: 40107,
  BAD_PARAMS: 40001,
  NO_PERMISSION: 40002,
  INTERNAL: 5e4
};
var SANDBOX_APP = { appId: "1800000000000001", secret: "sandbox-oceanengine-secret" };
var SANDBOX_ACCOUNTS = ["1835880409219083", "1835880409219084"];
var KNOWN_METRICS = ["stat_cost", "show_cnt", "click_cnt", "convert_cnt", "clue_pay_order_cnt", "ctr", "conversion_cost"];
function createOceanengineEmulator(opts = {}) {
  const app = Fastify({ logger: opts.log ?? false });
  const spentRefreshTokens = /* @__PURE__ */ new Set();
  let generation = 0;
  const authCodes = /* @__PURE__ */ new Map();
  const revisions = /* @__PURE__ */ new Map();
  const unitCache = /* @__PURE__ */ new Map();
  const emu = {
    app,
    appId: opts.appId ?? SANDBOX_APP.appId,
    secret: opts.secret ?? SANDBOX_APP.secret,
    accounts: opts.accounts ?? SANDBOX_ACCOUNTS,
    seed: opts.seed ?? "tongbu-oceanengine",
    baseUrl: "",
    requests: [],
    faults: [],
    latency: [],
    counts: { accessToken: 0, refresh: 0, report: 0 },
    clock: {
      offsetMs: 0,
      now: /* @__PURE__ */ __name(() => Date.now() + emu.clock.offsetMs, "now"),
      advance: /* @__PURE__ */ __name((ms) => {
        emu.clock.offsetMs += ms;
      }, "advance")
    },
    accessTtlSeconds: opts.accessTtlSeconds ?? 86400,
    refreshTtlSeconds: opts.refreshTtlSeconds ?? 30 * 86400,
    async listen(port = 0, host = "127.0.0.1") {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, "").replace("localhost", "127.0.0.1");
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    issueAuthCode(advertiserIds = emu.accounts) {
      const code = randomBytes(20).toString("hex");
      authCodes.set(code, { expiresAt: emu.clock.now() + 10 * 6e4, advertiserIds });
      return code;
    },
    revokeRefreshTokens() {
      generation += 1;
    },
    revise(account, day) {
      const key = `${account}|${day}`;
      revisions.set(key, (revisions.get(key) ?? 0) + 1);
    },
    units(account) {
      let u = unitCache.get(account);
      if (!u) unitCache.set(account, u = unitsFor(emu.seed, account, opts.unitsPerAccount ?? 8));
      return u;
    },
    rows(account, day) {
      return rowsFor(emu.seed, account, day, emu.units(account), revisions.get(`${account}|${day}`) ?? 0);
    }
  };
  const requestId = /* @__PURE__ */ __name(() => `${new Date(emu.clock.now()).toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(8).toString("hex").toUpperCase()}`, "requestId");
  const send = /* @__PURE__ */ __name((reply, code, message, data = {}, httpStatus = 200) => reply.code(httpStatus).header("content-type", "application/json; charset=utf-8").send(stringifyWithBigInts({ code, message, request_id: requestId(), data })), "send");
  const { recorded } = recordRequests(app, emu.requests);
  app.addHook("preHandler", async (req, reply) => {
    const line = `${req.method} ${req.url.split("?")[0] ?? req.url}`;
    const slow = emu.latency.find((l) => l.match.test(line));
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    const fault = takeFault(emu.faults, line, (f) => f.kind !== "malformedPage");
    if (!fault) return;
    if (fault.kind === "rateLimit") return send(reply, OE_CODES.RATE_LIMITED, "Too many requests. \u8BF7\u6C42\u8FC7\u4E8E\u9891\u7E41");
    if (fault.kind === "serverError") return reply.code(502).header("content-type", "text/html").send("<html><body>502 Bad Gateway</body></html>");
    if (typeof fault.kind === "object") return send(reply, fault.kind.code, fault.kind.message ?? "injected fault");
  });
  const signingKey = /* @__PURE__ */ __name(() => createHmac("sha256", emu.secret).update("tongbu sandbox tokens").digest(), "signingKey");
  const sign = /* @__PURE__ */ __name((claims) => {
    const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `${body}.${createHmac("sha256", signingKey()).update(body).digest("base64url")}`;
  }, "sign");
  const verify = /* @__PURE__ */ __name((token, kind) => {
    const [body = "", sig = ""] = token.split(".");
    const expected = createHmac("sha256", signingKey()).update(body).digest();
    const given = Buffer.from(sig, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void 0;
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    return claims.k === kind ? claims : void 0;
  }, "verify");
  const grant = /* @__PURE__ */ __name((advertiserIds) => {
    const now = emu.clock.now();
    const n = /* @__PURE__ */ __name(() => randomBytes(8).toString("hex"), "n");
    const access = sign({ k: "a", iat: now, exp: now + emu.accessTtlSeconds * 1e3, ids: advertiserIds, n: n(), g: generation });
    const refresh = sign({ k: "r", iat: now, exp: now + emu.refreshTtlSeconds * 1e3, ids: advertiserIds, n: n(), g: generation });
    return { access_token: access, expires_in: emu.accessTtlSeconds, refresh_token: refresh, refresh_token_expires_in: emu.refreshTtlSeconds };
  }, "grant");
  const appOk = /* @__PURE__ */ __name((body) => String(body.app_id ?? "") === emu.appId && body.secret === emu.secret, "appOk");
  app.post("/open_api/oauth2/access_token/", async (req, reply) => {
    const body = req.body ?? {};
    if (!appOk(body)) return send(reply, OE_CODES.BAD_PARAMS, "app_id or secret is wrong");
    const code = typeof body.auth_code === "string" ? authCodes.get(body.auth_code) : void 0;
    if (!code || code.expiresAt < emu.clock.now()) return send(reply, OE_CODES.AUTH_CODE_INVALID, "auth_code is invalid or expired");
    authCodes.delete(body.auth_code);
    emu.counts.accessToken += 1;
    return send(reply, 0, "OK", { ...grant(code.advertiserIds), advertiser_ids: code.advertiserIds.map((id) => BigInt(id)) });
  });
  app.post("/open_api/oauth2/refresh_token/", async (req, reply) => {
    const body = req.body ?? {};
    if (!appOk(body)) return send(reply, OE_CODES.BAD_PARAMS, "app_id or secret is wrong");
    const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
    const claims = verify(token, "r");
    if (!claims || claims.exp < emu.clock.now() || claims.g !== generation || spentRefreshTokens.has(token)) {
      return send(reply, OE_CODES.REFRESH_TOKEN_INVALID, "refresh_token is invalid or expired");
    }
    spentRefreshTokens.add(token);
    emu.counts.refresh += 1;
    return send(reply, 0, "OK", grant(claims.ids));
  });
  app.get("/sandbox/oauth/authorize", async (req, reply) => {
    const q = req.query;
    if (q.app_id !== emu.appId) return send(reply, OE_CODES.BAD_PARAMS, "unknown app_id");
    const code = emu.issueAuthCode();
    if (q.redirect_uri) {
      const target = new URL(q.redirect_uri);
      target.searchParams.set("auth_code", code);
      if (q.state) target.searchParams.set("state", q.state);
      return reply.redirect(target.toString(), 302);
    }
    return send(reply, 0, "OK", { auth_code: code, state: q.state ?? "" });
  });
  app.get("/open_api/v3.0/local/report/promotion/get/", async (req, reply) => {
    const header = req.headers["access-token"];
    const claims = typeof header === "string" ? verify(header, "a") : void 0;
    if (!claims) return send(reply, OE_CODES.ACCESS_TOKEN_INVALID, "access_token is invalid");
    const token = { expiresAt: claims.exp, advertiserIds: claims.ids };
    if (token.expiresAt < emu.clock.now()) return send(reply, OE_CODES.ACCESS_TOKEN_EXPIRED, "access_token \u5DF2\u8FC7\u671F");
    const q = req.query;
    const bad = /* @__PURE__ */ __name((why) => send(reply, OE_CODES.BAD_PARAMS, `\u53C2\u6570\u9519\u8BEF: ${why}`), "bad");
    const account = q.local_account_id;
    if (!account || !/^\d+$/.test(account)) return bad("local_account_id is required (int64)");
    for (const k of ["start_date", "end_date"]) if (!q[k] || !/^\d{4}-\d{2}-\d{2}$/.test(q[k])) return bad(`${k} is required (YYYY-MM-DD)`);
    const start = q.start_date;
    const end = q.end_date;
    if (start > end) return bad("start_date is after end_date");
    if ((Date.parse(end) - Date.parse(start)) / 864e5 > 365) return bad("the span is at most 365 days");
    let metrics;
    try {
      metrics = q.metrics?.trim().startsWith("[") ? JSON.parse(q.metrics) : q.metrics?.split(",").filter(Boolean);
    } catch {
      return bad("metrics must be a JSON array");
    }
    if (!Array.isArray(metrics) || metrics.length === 0) return bad("metrics is required (JSON array)");
    const unknownMetric = metrics.find((m) => !KNOWN_METRICS.includes(m));
    if (unknownMetric !== void 0) return bad(`unknown metric ${String(unknownMetric)}`);
    if (q.time_granularity && q.time_granularity !== "TIME_GRANULARITY_DAILY") return bad("the emulator serves TIME_GRANULARITY_DAILY only");
    const page = q.page === void 0 ? 1 : Number(q.page);
    const pageSize = q.page_size === void 0 ? 10 : Number(q.page_size);
    if (!Number.isInteger(page) || page < 1) return bad("page must be \u2265 1");
    if (![10, 20, 50, 100].includes(pageSize)) return bad("page_size must be 10, 20, 50 or 100");
    if (!emu.accounts.includes(account) || !token.advertiserIds.includes(account)) {
      return send(reply, OE_CODES.NO_PERMISSION, `no permission for local_account_id ${account}`);
    }
    const all = [];
    const today = new Date(emu.clock.now() + 8 * 36e5).toISOString().slice(0, 10);
    for (let d = start; d <= end && d <= today; d = nextDay(d)) {
      for (const r of emu.rows(account, d)) all.push(toWire(r, metrics));
    }
    const totalPage = Math.ceil(all.length / pageSize);
    const list = all.slice((page - 1) * pageSize, page * pageSize);
    emu.counts.report += 1;
    if (takeFault(emu.faults, `GET ${recorded(req)?.path}`, (f) => f.kind === "malformedPage")) return send(reply, 0, "OK", { promotion_list: list });
    return send(reply, 0, "OK", { promotion_list: list, page_info: { page, page_size: pageSize, total_number: all.length, total_page: totalPage } });
  });
  return emu;
}
__name(createOceanengineEmulator, "createOceanengineEmulator");
function nextDay(day) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 864e5).toISOString().slice(0, 10);
}
__name(nextDay, "nextDay");
function toWire(r, metrics) {
  const values = {
    stat_cost: r.costCents / 100,
    show_cnt: r.show_cnt,
    click_cnt: r.click_cnt,
    convert_cnt: r.convert_cnt,
    clue_pay_order_cnt: r.clue_pay_order_cnt,
    ctr: r.show_cnt ? Math.round(r.click_cnt / r.show_cnt * 1e4) / 100 : 0,
    conversion_cost: r.convert_cnt ? Math.round(r.costCents / r.convert_cnt) / 100 : 0
  };
  const row = {
    project_id: r.unit.projectId,
    project_name: r.unit.projectName,
    promotion_id: r.unit.promotionId,
    promotion_name: r.unit.promotionName,
    stat_time_day: r.stat_time_day
  };
  for (const m of metrics) row[m] = values[m];
  return row;
}
__name(toWire, "toWire");

export {
  OE_CODES,
  createOceanengineEmulator
};
//# sourceMappingURL=chunk-5OSQXKIG.js.map
