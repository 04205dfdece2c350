import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  OE_CODES,
  createOceanengineEmulator
} from "./chunk-5OSQXKIG.js";
import {
  takeFault
} from "./chunk-XQIOZR4A.js";
import {
  stringifyWithBigInts
} from "./chunk-7VM5WVL3.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/douplus/emulator.ts
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// src/sandbox/douplus/data.ts
import { createHash } from "node:crypto";
var TITLES = ["\u5468\u672B\u63A2\u5E97vlog", "\u65B0\u54C1\u5F00\u7BB1", "\u4E09\u5206\u949F\u5B66\u4F1A\u505A\u7EA2\u70E7\u8089", "\u95E8\u5E97\u73AF\u5883\u5B9E\u62CD", "\u8001\u677F\u5A18\u7684\u4E00\u5929", "\u6625\u5B63\u7A7F\u642D", "\u5B9D\u85CF\u5C0F\u5E97\u63A8\u8350", "\u624B\u5DE5\u5496\u5561\u6559\u7A0B", "\u7206\u6B3E\u5957\u9910\u6D4B\u8BC4", "\u591C\u5E02\u7F8E\u98DF\u5408\u96C6"];
var BUDGETS_FEN = [1e4, 2e4, 5e3, 5e4, 9997, 1e5, 3e4, 15050];
var HOURS = [2, 6, 12, 24, 48];
var AUDIT_MS = 10 * 6e4;
var BUCKET_MS = 5 * 6e4;
function hash(...parts) {
  return createHash("sha256").update(parts.join("|")).digest();
}
__name(hash, "hash");
function int64(...parts) {
  return hash(...parts).readBigUInt64BE(0);
}
__name(int64, "int64");
function buildOrders(o) {
  const out = [];
  for (const account of o.accounts) {
    const videos = Math.max(1, Math.ceil(o.ordersPerAccount / 3));
    for (let i = 0; i < o.ordersPerAccount; i++) {
      const h = hash(o.seed, account, "order", i);
      const video = h.readUInt32BE(0) % videos;
      const fateRoll = h.readUInt8(4) % 20;
      const fate = o.profile === "delivering" ? "normal" : fateRoll === 0 ? "unpaid" : fateRoll === 1 ? "rejected" : fateRoll < 5 ? "terminated" : "normal";
      const step = o.spanHours * 36e5 / Math.max(1, o.ordersPerAccount);
      const createdAt = Math.floor((o.anchor - o.spanHours * 36e5 + i * step + h.readUInt16BE(6) % Math.max(1, Math.floor(step))) / 1e3) * 1e3;
      out.push({
        account,
        orderId: 1800000000000000n + int64(o.seed, account, "oid", i) % 99999999999999n,
        taskId: 1700000000000000n + int64(o.seed, account, "tid", i) % 99999999999999n,
        adId: 1790000000000000n + int64(o.seed, account, "aid", i) % 9999999999999n,
        itemId: 7000000000000000000n + int64(o.seed, account, "video", video) % 999999999999999999n,
        itemTitle: `${TITLES[video % TITLES.length]} #${video + 1}`,
        authorName: `\u6296\u97F3\u53F7${account.slice(-4)}`,
        createdAt: Math.min(createdAt, o.anchor),
        budgetFen: BUDGETS_FEN[h.readUInt8(8) % BUDGETS_FEN.length],
        deliveryHours: o.profile === "delivering" ? 48 : HOURS[h.readUInt8(9) % HOURS.length],
        fate,
        stopAt: 0.3 + h.readUInt8(10) % 60 / 100,
        spendRatio: 0.85 + h.readUInt8(11) % 16 / 100,
        playsPerFen: 3 + h.readUInt8(12) % 6,
        likeRate: 0.01 + h.readUInt8(13) % 30 / 1e3,
        rate5s: Math.round((0.2 + h.readUInt8(14) % 50 / 100) * 1e4) / 1e4,
        convertEvery: 800 + h.readUInt16BE(15) % 3e3,
        bidMode: ["\u4FDD\u64AD\u653E", "\u4FDD\u8F6C\u5316", "\u81EA\u52A8\u51FA\u4EF7"][h.readUInt8(17) % 3],
        cpaBidFen: 100 + h.readUInt8(18) % 50 * 10
      });
    }
  }
  return out;
}
__name(buildOrders, "buildOrders");
function deliverySpan(o) {
  if (o.fate === "unpaid" || o.fate === "rejected") return void 0;
  const start2 = o.createdAt + AUDIT_MS;
  const full = o.deliveryHours * 36e5;
  return { start: start2, end: start2 + (o.fate === "terminated" ? Math.floor(full * o.stopAt) : full) };
}
__name(deliverySpan, "deliverySpan");
function statusAt(o, now) {
  if (o.fate === "unpaid") return "UNPAID";
  if (now < o.createdAt + AUDIT_MS) return "AUDITING";
  if (o.fate === "rejected") return "OFFLINE_AUDIT";
  const span = deliverySpan(o);
  if (now < span.end) return "DELIVERING";
  return o.fate === "terminated" ? "UNDELIVERIED" : "DELIVERIED";
}
__name(statusAt, "statusAt");
function metricsAt(o, at) {
  const span = deliverySpan(o);
  const bucket = Math.floor(at / BUCKET_MS) * BUCKET_MS;
  const full = o.deliveryHours * 36e5;
  const elapsed = span ? Math.max(0, Math.min(bucket, span.end) - span.start) : 0;
  const costFen = Math.floor(o.budgetFen * o.spendRatio * elapsed / full);
  const plays = costFen * o.playsPerFen;
  const conversions = Math.floor(plays / o.convertEvery);
  return {
    stat_cost: costFen,
    total_play: plays,
    custom_like: Math.floor(plays * o.likeRate),
    dy_share: Math.floor(plays * 2e-3),
    dy_comment: Math.floor(plays * 1e-3),
    dy_follow: Math.floor(plays * 15e-4),
    dy_home_visited: Math.floor(plays * 0.01),
    dp_target_convert_cnt: conversions,
    custom_convert_cost: conversions ? Math.round(costFen / conversions) : 0,
    play_duration_5s_rank: plays ? o.rate5s : 0,
    show_cnt: Math.floor(plays * 1.2)
  };
}
__name(metricsAt, "metricsAt");
function metricsBetween(o, from, to) {
  const a = metricsAt(o, to);
  if (from <= o.createdAt) return a;
  const b = metricsAt(o, from);
  const cost = a.stat_cost - b.stat_cost;
  const conv = a.dp_target_convert_cnt - b.dp_target_convert_cnt;
  return {
    stat_cost: cost,
    total_play: a.total_play - b.total_play,
    custom_like: a.custom_like - b.custom_like,
    dy_share: a.dy_share - b.dy_share,
    dy_comment: a.dy_comment - b.dy_comment,
    dy_follow: a.dy_follow - b.dy_follow,
    dy_home_visited: a.dy_home_visited - b.dy_home_visited,
    dp_target_convert_cnt: conv,
    custom_convert_cost: conv ? Math.round(cost / conv) : 0,
    play_duration_5s_rank: a.total_play - b.total_play ? o.rate5s : 0,
    show_cnt: a.show_cnt - b.show_cnt
  };
}
__name(metricsBetween, "metricsBetween");

// src/sandbox/douplus/emulator.ts
var ORDER_LIST_PATH = "/open_api/v3.0/douplus/order/list/";
var ORDER_REPORT_PATH = "/open_api/v3.0/douplus/order/report/";
var ADVERTISER_GET_PATH = "/open_api/oauth2/advertiser/get/";
var SANDBOX_AWEME_SEC_UIDS = ["MS4wLjABAAAAsandboxDouplusAccountOne000000000000", "MS4wLjABAAAAsandboxDouplusAccountTwo000000000000"];
var pad = /* @__PURE__ */ __name((n) => String(n).padStart(2, "0"), "pad");
function shanghaiTime(ms) {
  const d = new Date(ms + 8 * 36e5);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
__name(shanghaiTime, "shanghaiTime");
function parseShanghai(text, endOfDay = false) {
  if (typeof text !== "string") return void 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return void 0;
  const [, y, mo, d, h, mi, s] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - 8 * 36e5;
  return h === void 0 && endOfDay ? base + 864e5 - 1e3 : base;
}
__name(parseShanghai, "parseShanghai");
function createDouplusEmulator(opts = {}) {
  const base = createOceanengineEmulator({ ...opts, accounts: ["1790000000000001"] });
  const app = base.app;
  const awemeSecUids = opts.awemeSecUids ?? SANDBOX_AWEME_SEC_UIDS;
  const orders = buildOrders({
    seed: opts.seed ?? "tongbu-douplus",
    accounts: awemeSecUids,
    ordersPerAccount: opts.ordersPerAccount ?? 60,
    anchor: opts.anchor ?? Math.floor(Date.now() / 6e4) * 6e4,
    spanHours: opts.spanHours ?? 240,
    profile: opts.profile ?? "mixed"
  });
  const byId = new Map(orders.map((o) => [o.orderId.toString(), o]));
  let revokedBefore = 0;
  const firstPage = opts.firstPage ?? "both";
  const emu = base;
  Object.assign(emu, {
    awemeSecUids,
    orders,
    rowFaults: [],
    douplusCounts: { list: 0, report: 0, advertisers: 0 },
    statusOverrides: /* @__PURE__ */ new Map(),
    hiddenFromList: /* @__PURE__ */ new Set(),
    reportExtras: /* @__PURE__ */ new Set(),
    revokeAccessTokens() {
      revokedBefore = base.clock.now() + 1;
    },
    order(orderId) {
      const o = byId.get(orderId);
      if (!o) throw new Error(`no emulated order ${orderId}`);
      return o;
    },
    statusOf(o) {
      return emu.statusOverrides.get(o.orderId.toString()) ?? statusAt(o, base.clock.now());
    },
    metricsNow(o) {
      return metricsBetween(o, 0, base.clock.now());
    }
  });
  const requestId = /* @__PURE__ */ __name(() => `${new Date(base.clock.now()).toISOString().replace(/\D/g, "").slice(0, 14)}${randomBytes(8).toString("hex").toUpperCase()}`, "requestId");
  const send = /* @__PURE__ */ __name((reply, code, message, data = {}) => reply.code(200).header("content-type", "application/json; charset=utf-8").send(stringifyWithBigInts({ code, message, request_id: requestId(), data })), "send");
  const signingKey = /* @__PURE__ */ __name(() => createHmac("sha256", base.secret).update("tongbu sandbox tokens").digest(), "signingKey");
  const accessClaims = /* @__PURE__ */ __name((token) => {
    if (typeof token !== "string") return void 0;
    const [body = "", sig = ""] = token.split(".");
    const expected = createHmac("sha256", signingKey()).update(body).digest();
    const given = Buffer.from(sig, "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return void 0;
    try {
      const claims = JSON.parse(Buffer.from(body, "base64url").toString());
      return claims.k === "a" ? claims : void 0;
    } catch {
      return void 0;
    }
  }, "accessClaims");
  const refuseToken = /* @__PURE__ */ __name((reply, token) => {
    const claims = accessClaims(token);
    if (!claims || claims.iat < revokedBefore) return send(reply, OE_CODES.ACCESS_TOKEN_INVALID, "access_token is invalid");
    if (claims.exp < base.clock.now()) return send(reply, OE_CODES.ACCESS_TOKEN_EXPIRED, "access_token \u5DF2\u8FC7\u671F");
    return void 0;
  }, "refuseToken");
  const jsonParam = /* @__PURE__ */ __name((raw) => {
    if (raw === void 0 || raw === "") return { ok: true, value: void 0 };
    try {
      return { ok: true, value: JSON.parse(String(raw)) };
    } catch {
      return { ok: false };
    }
  }, "jsonParam");
  const pageParams = /* @__PURE__ */ __name((q) => {
    const page = q.page === void 0 ? firstPage === 1 ? 1 : 0 : Number(q.page);
    const pageSize = q.page_size === void 0 ? 10 : Number(q.page_size);
    if (!Number.isInteger(page) || page < (firstPage === 1 ? 1 : 0)) return `page must be a whole number \u2265 ${firstPage === 1 ? 1 : 0}`;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return "page_size must be 1\u2013100";
    return { page, pageSize };
  }, "pageParams");
  const paged = /* @__PURE__ */ __name((all, page, pageSize) => {
    const index = firstPage === "both" ? Math.max(page, 1) - 1 : page - firstPage;
    return {
      list: all.slice(index * pageSize, (index + 1) * pageSize),
      page_info: { page, page_size: pageSize, total_num: all.length, total_page: Math.ceil(all.length / pageSize) }
    };
  }, "paged");
  const idList = /* @__PURE__ */ __name((v) => Array.isArray(v) ? v.map(String) : void 0, "idList");
  app.get(ADVERTISER_GET_PATH, async (req, reply) => {
    const q = req.query;
    const refused = refuseToken(reply, q.access_token);
    if (refused) return refused;
    emu.douplusCounts.advertisers += 1;
    return send(reply, 0, "OK", {
      list: [
        { advertiser_id: 1790000000000001n, advertiser_name: "\u6C99\u76D2\u5E7F\u544A\u4E3B", account_role: "ADVERTISER", is_valid: true },
        ...awemeSecUids.map((uid, i) => ({ advertiser_id: 1795000000000001n + BigInt(i), advertiser_name: `\u6C99\u76D2\u6296\u97F3\u53F7${i + 1}`, account_role: "PLATFORM_ROLE_AWEME", account_string_id: uid, is_valid: true }))
      ]
    });
  });
  app.get(ORDER_LIST_PATH, async (req, reply) => {
    const refused = refuseToken(reply, req.headers["access-token"]);
    if (refused) return refused;
    const q = req.query;
    const bad = /* @__PURE__ */ __name((why) => send(reply, OE_CODES.BAD_PARAMS, `\u53C2\u6570\u9519\u8BEF: ${why}`), "bad");
    const uid = q.aweme_sec_uid;
    if (!uid) return bad("aweme_sec_uid is required");
    if (!awemeSecUids.includes(uid)) return send(reply, OE_CODES.NO_PERMISSION, `no permission for aweme_sec_uid ${uid}`);
    const p = pageParams(q);
    if (typeof p === "string") return bad(p);
    const f = jsonParam(q.filter);
    if (!f.ok) return bad("filter must be a JSON object");
    const filter = f.value ?? {};
    let from = -Infinity;
    let to = Infinity;
    if (filter.order_create_time) {
      const s = filter.order_create_time.start_time;
      const e = filter.order_create_time.end_time;
      const fs = s === void 0 ? -Infinity : parseShanghai(s);
      const fe = e === void 0 ? Infinity : parseShanghai(e, true);
      if (fs === void 0 || fe === void 0) return bad('order_create_time must be "YYYY-MM-DD HH:mm:ss"');
      from = fs;
      to = fe;
    }
    const byField = q.order_by_field ?? "CREATE_TIME";
    const byType = q.order_by_type ?? "DESC";
    if (!["CREATE_TIME", "ORDER_ID"].includes(byField)) return bad("order_by_field must be CREATE_TIME or ORDER_ID");
    if (!["ASC", "DESC"].includes(byType)) return bad("order_by_type must be ASC or DESC");
    const ids = idList(filter.order_id);
    const tasks = idList(filter.task_id);
    const statuses = idList(filter.status);
    const now = base.clock.now();
    const all = orders.filter((o) => o.account === uid && o.createdAt <= now && o.createdAt >= from && o.createdAt <= to && !emu.hiddenFromList.has(o.orderId.toString())).filter((o) => (!ids || ids.includes(o.orderId.toString())) && (!tasks || tasks.includes(o.taskId.toString()))).filter((o) => !statuses || statuses.includes(emu.statusOf(o))).filter(() => !filter.scene_type || filter.scene_type === "VIDEO").sort((a, b) => {
      const d = byField === "ORDER_ID" ? a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0 : a.createdAt - b.createdAt || (a.orderId < b.orderId ? -1 : 1);
      return byType === "ASC" ? d : -d;
    });
    const { list, page_info } = paged(all, p.page, p.pageSize);
    emu.douplusCounts.list += 1;
    const order_list = list.map((o) => {
      const status = emu.statusOf(o);
      return {
        order: {
          order_id: o.orderId,
          task_id: o.taskId,
          scene_type: "VIDEO",
          order_create_time: shanghaiTime(o.createdAt),
          task_status: status,
          budget: o.budgetFen,
          renew_count: 0
        },
        ad_list: [
          {
            ad_id: o.adId,
            ad_status: status,
            is_fans: false,
            budget: o.budgetFen,
            cpa_bid: o.cpaBidFen,
            delivery_time: o.deliveryHours,
            external_action: 1,
            external_action_text: o.bidMode === "\u4FDD\u8F6C\u5316" ? "\u4E3B\u9875\u6D4F\u89C8\u91CF" : "\u64AD\u653E\u91CF",
            bid_mode: o.bidMode,
            audience: { gender: "NONE", age: [] }
          }
        ],
        item_info_list: [
          {
            aweme_item_id: o.itemId,
            aweme_item_title: o.itemTitle,
            aweme_item_cover: [`https://p3.example.invalid/cover/${o.itemId}.jpeg`],
            aweme_author_name: o.authorName,
            aweme_author_unique_id: `sandbox_${o.account.slice(-6)}`,
            aweme_author_avatar: []
          }
        ]
      };
    });
    if (takeFault(base.faults, `GET ${ORDER_LIST_PATH}`, (x) => x.kind === "malformedPage")) return send(reply, 0, "OK", { order_list });
    return send(reply, 0, "OK", { order_list, page_info });
  });
  app.get(ORDER_REPORT_PATH, async (req, reply) => {
    const refused = refuseToken(reply, req.headers["access-token"]);
    if (refused) return refused;
    const q = req.query;
    const bad = /* @__PURE__ */ __name((why) => send(reply, OE_CODES.BAD_PARAMS, `\u53C2\u6570\u9519\u8BEF: ${why}`), "bad");
    const uid = q.aweme_sec_uid;
    if (!uid) return bad("aweme_sec_uid is required");
    if (!awemeSecUids.includes(uid)) return send(reply, OE_CODES.NO_PERMISSION, `no permission for aweme_sec_uid ${uid}`);
    const st = jsonParam(q.stat_time);
    const stat = st.ok ? st.value : void 0;
    const begin = parseShanghai(stat?.begin_time);
    const end = parseShanghai(stat?.end_time, true);
    if (!stat || begin === void 0 || end === void 0 || !/^\d{4}-\d{2}-\d{2}$/.test(String(stat.begin_time)) || !/^\d{4}-\d{2}-\d{2}$/.test(String(stat.end_time))) {
      return bad('stat_time must be {"begin_time":"YYYY-MM-DD","end_time":"YYYY-MM-DD"}');
    }
    if (begin > end) return bad("begin_time is after end_time");
    if ((end - begin) / 864e5 > 180) return bad("the stat_time span is at most 180 days");
    const rawGroup = q.group_by?.trim();
    let groupBy = ["GROUP_BY_AD_ID"];
    if (rawGroup) {
      if (rawGroup.startsWith("[")) {
        const g = jsonParam(rawGroup);
        if (!g.ok || !Array.isArray(g.value)) return bad("group_by must be a JSON array or a comma list");
        groupBy = g.value.map(String);
      } else groupBy = rawGroup.split(",").map((s) => s.trim());
    }
    if (groupBy.some((g) => g !== "GROUP_BY_AD_ID" && g !== "GROUP_BY_CREATIVE_ID")) return bad("group_by must be GROUP_BY_AD_ID and/or GROUP_BY_CREATIVE_ID");
    const f = jsonParam(q.filter);
    if (!f.ok) return bad("filter must be a JSON object");
    const filter = f.value ?? {};
    const ids = idList(filter.order_ids);
    if (groupBy.length > 1 && !ids) return bad("filter.order_ids is required when grouping by material");
    const items = idList(filter.item_ids);
    const tasks = idList(filter.task_ids);
    const p = pageParams(q);
    if (typeof p === "string") return bad(p);
    const now = base.clock.now();
    const upTo = Math.min(end, now);
    const rows = orders.filter((o) => o.account === uid && o.createdAt <= upTo).filter(
      (o) => emu.reportExtras.has(o.orderId.toString()) || (!ids || ids.includes(o.orderId.toString())) && (!items || items.includes(o.itemId.toString())) && (!tasks || tasks.includes(o.taskId.toString()))
    ).filter((o) => o.fate !== "unpaid" && o.fate !== "rejected").sort((a, b) => a.orderId < b.orderId ? -1 : 1);
    const { list, page_info } = groupBy.length > 1 ? paged(rows, 1, Math.max(rows.length, 1)) : paged(rows, p.page, p.pageSize);
    emu.douplusCounts.report += 1;
    const order_metrics = list.map((o) => ({
      dimension_data: { order_id: o.orderId, advertiser_id: 1790000000000001n, ad_id: o.adId, is_fans: false, item_id: o.itemId, room_id: 0, task_id: o.taskId },
      metrics_data: { ...metricsBetween(o, begin, upTo), live_click_source_cnt: 0, live_comment_cnt: 0, live_gift_uv: 0, live_gift_cnt: 0, live_gift_amount: 0, douplus_live_follow_count: 0 }
    }));
    const rowFault = order_metrics.length ? takeFault(emu.rowFaults, `GET ${ORDER_REPORT_PATH}`) : void 0;
    if (rowFault) {
      const victim = order_metrics[order_metrics.length - 1];
      if (rowFault.kind === "badMetric") victim.metrics_data.stat_cost = "12.5\u5143";
      else delete victim.dimension_data.order_id;
    }
    if (takeFault(base.faults, `GET ${ORDER_REPORT_PATH}`, (x) => x.kind === "malformedPage")) return send(reply, 0, "OK", { order_metrics });
    return send(reply, 0, "OK", { order_metrics, page_info });
  });
  return emu;
}
__name(createDouplusEmulator, "createDouplusEmulator");

// src/sandbox/douplus/sandbox.ts
var start = /* @__PURE__ */ __name(async (_config, { port }) => {
  const hour = Math.floor(Date.now() / 36e5) * 36e5;
  const emu = createDouplusEmulator({ anchor: hour, spanHours: 240, ordersPerAccount: 60 });
  await emu.listen(port);
  return {
    baseUrl: emu.baseUrl,
    env: {
      DOUPLUS_APP_ID: emu.appId,
      DOUPLUS_SECRET: emu.secret,
      DOUPLUS_AWEME_SEC_UIDS: emu.awemeSecUids.join(","),
      DOUPLUS_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`
    },
    close: /* @__PURE__ */ __name(() => emu.close(), "close")
  };
}, "start");
export {
  start
};
//# sourceMappingURL=sandbox-GB4WKCLF.js.map
