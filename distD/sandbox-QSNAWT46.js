import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  recordRequests,
  takeFault
} from "./chunk-XQIOZR4A.js";
import {
  signParams
} from "./chunk-BVAWLABE.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/sandbox/temu/emulator.ts
import Fastify from "fastify";
import { randomBytes } from "node:crypto";

// src/sandbox/temu/data.ts
var REGION_IDS = { us: 211, eu: 76, global: 98, cn: 37 };
var REGION_CURRENCY = { us: "USD", eu: "EUR", global: "JPY", cn: "CNY" };
function rng(seed) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = h << 13 | h >>> 19;
  }
  let a = h >>> 0;
  return () => {
    a = a + 1831565813 | 0;
    let t = Math.imul(a ^ a >>> 15, 1 | a);
    t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
__name(rng, "rng");
var NAMES = ["Sun Hat", "Sports Bra", "Phone Case", "Water Bottle", "Yoga Mat", "LED Strip", "Backpack", "Hair Clip", "Socks 5-pack", "Desk Lamp", "Garden Hose", "Cat Toy"];
var SPECS = ["Small", "Medium", "Large", "White / 70B", "Black", "Khaki", "Blue / XL"];
function productsFor(shop, count, seed) {
  const r = rng(`${seed}|${shop.name}|products`);
  const out = [];
  const zeroDecimals = shop.currency === "JPY";
  for (let i = 0; i < count; i++) {
    const goodsId = 602e12 + shop.mallId * 1e4 + i;
    const skus = [];
    const n = 1 + Math.floor(r() * 3);
    for (let k = 0; k < n; k++) {
      const unit = zeroDecimals ? 500 + Math.floor(r() * 5e3) : 199 + Math.floor(r() * 4800);
      skus.push({ skuId: 46e12 + shop.mallId * 1e5 + i * 10 + k, skuSn: `${shop.name.toUpperCase()}-${i}-${k}`, spec: SPECS[Math.floor(r() * SPECS.length)], unitRetail: unit });
    }
    out.push({ goodsId, goodsName: `${NAMES[i % NAMES.length]} ${i}`, outGoodsSn: `G-${shop.name}-${i}`, catId: 2e4 + i % 7, crtTime: 17e11 + i * 864e5, skus });
  }
  return out;
}
__name(productsFor, "productsFor");
function ordersFor(shop, products, count, from, to, seed) {
  const r = rng(`${seed}|${shop.name}|orders`);
  const regionId = REGION_IDS[shop.region];
  const out = [];
  for (let i = 0; i < count; i++) {
    const orderTime = from + Math.floor(r() * Math.max(1, to - from));
    const updateTime = Math.min(to, orderTime + Math.floor(r() * 2 * 86400));
    const roll = r();
    const status = roll < 0.08 ? 3 : roll < 0.2 ? 2 : roll < 0.5 ? 4 : roll < 0.55 ? 41 : roll < 0.95 ? 5 : 51;
    const lines = [];
    const n = 1 + Math.floor(r() * r() * 3);
    const serial = String(shop.mallId * 1e6 + i).padStart(14, "0");
    for (let k = 0; k < n; k++) {
      const p = products[Math.floor(r() * products.length)];
      const sku = p.skus[Math.floor(r() * p.skus.length)];
      const original = 1 + Math.floor(r() * r() * 4);
      const canceled = status === 3 ? original : 0;
      lines.push({ orderSn: `${regionId}-${serial}${k}${String(shop.mallId).slice(-3)}`, goodsId: p.goodsId, sku, goodsName: p.goodsName, quantity: original, canceled });
    }
    const retail = lines.reduce((s, l) => s + l.sku.unitRetail * l.quantity, 0);
    const discountSeller = r() < 0.2 ? Math.floor(retail * 0.1) : 0;
    const shipping = r() < 0.3 ? shop.currency === "JPY" ? 300 : 299 : 0;
    out.push({
      shop: shop.name,
      parentOrderSn: `PO-${regionId}-${serial}${String(shop.mallId).slice(-3)}`,
      status,
      orderTime,
      updateTime,
      lines,
      shipping,
      discountSeller,
      discountTemu: r() < 0.1 ? Math.floor(retail * 0.05) : 0,
      tax: shop.region === "us" ? Math.floor(retail * 0.07) : 0,
      refunds: status === 3 ? retail + shipping - discountSeller : 0
    });
  }
  return out;
}
__name(ordersFor, "ordersFor");
function orderItemWire(o, shop) {
  const regionId = REGION_IDS[shop.region];
  const shipped = [4, 41, 5, 51].includes(o.status);
  const labels = ["soon_to_be_overdue", "past_due", "pending_buyer_cancellation", "pending_buyer_address_change", "pending_risk_control_alert"].map((name) => ({ name, value: 0 }));
  return {
    parentOrderMap: {
      parentOrderLabel: labels,
      shippingMethod: 1,
      parentShippingTime: shipped ? o.orderTime + 7200 : null,
      updateTime: o.updateTime,
      latestDeliveryTime: o.orderTime + 12 * 86400,
      fulfillmentWarning: ["RESTRICT_FEDEX_SELF_SHIPPING"],
      orderPaymentType: "PPD",
      parentOrderTime: o.orderTime,
      batchOrderNumberList: null,
      regionId,
      parentOrderSn: o.parentOrderSn,
      parentOrderPendingFinishTime: o.orderTime + 960,
      siteId: 100,
      expectShipLatestTime: o.orderTime + 2 * 86400,
      hasShippingFee: o.shipping > 0,
      parentOrderStatus: o.status
    },
    orderList: o.lines.map((l) => ({
      canceledQuantityBeforeShipment: l.canceled,
      quantity: l.quantity - l.canceled,
      orderSn: l.orderSn,
      earliestTimeGetShippingDocument: null,
      goodsId: l.goodsId,
      orderLabel: [{ name: "customized_products", value: 0 }],
      inventoryDeductionWarehouseId: null,
      orderStatus: o.status === 41 || o.status === 51 ? 4 : o.status,
      originalGoodsName: l.goodsName,
      fulfillmentType: "fulfillBySeller",
      isCancelledDuringPending: l.canceled > 0,
      spec: l.sku.spec,
      fulfillmentWarning: [],
      orderPaymentType: "PPD",
      earliestTimeBuyShippingLabel: null,
      originalSpecName: l.sku.spec,
      originalOrderQuantity: l.quantity,
      thumbUrl: `https://img.example.invalid/${l.goodsId}.jpeg`,
      inventoryDeductionWarehouseName: null,
      goodsName: l.goodsName,
      skuId: l.sku.skuId,
      orderCreateTime: o.orderTime,
      orderShippingTime: shipped ? o.orderTime + 7200 : null,
      productList: [{ productSkuId: l.sku.skuId + 1e6, soldFactor: 1, extCode: l.sku.skuSn, productId: l.goodsId + 7 }]
    }))
  };
}
__name(orderItemWire, "orderItemWire");
function orderTotals(o) {
  const retail = o.lines.reduce((s, l) => s + l.sku.unitRetail * (l.quantity - l.canceled), 0);
  const original = o.lines.reduce((s, l) => s + l.sku.unitRetail * l.quantity, 0);
  const base = Math.floor((o.status === 3 ? original : retail) * 0.7);
  const paid = (o.status === 3 ? original : retail) + o.shipping + o.tax - o.discountSeller - o.discountTemu;
  return {
    basePriceTotal: base,
    retailPriceTotal: o.status === 3 ? original : retail,
    shippingAmountTotal: o.shipping,
    taxTotal: o.tax,
    discountFromSeller: o.discountSeller,
    discountFromTEMU: o.discountTemu,
    totalDiscount: o.discountSeller + o.discountTemu,
    refundsTotal: o.refunds,
    customerPaid: paid,
    estimatedRevenue: o.status === 3 ? 0 : base - o.discountSeller
  };
}
__name(orderTotals, "orderTotals");
function amountWire(o, shop) {
  const currency = o.currency ?? shop.currency;
  const m = /* @__PURE__ */ __name((amount) => ({ currency, amount }), "m");
  const totals = orderTotals(o);
  const parentOrderMap = { parentOrderSn: o.parentOrderSn };
  for (const [k, v] of Object.entries(totals)) parentOrderMap[k] = m(v);
  return {
    parentOrderMap,
    orderList: o.lines.map((l) => ({
      orderSn: l.orderSn,
      quantity: l.quantity - l.canceled,
      unitBasePrice: m(Math.floor(l.sku.unitRetail * 0.7)),
      unitRetailPrice: m(l.sku.unitRetail),
      basePrice: m(Math.floor(l.sku.unitRetail * 0.7) * (l.quantity - l.canceled))
    }))
  };
}
__name(amountWire, "amountWire");
function goodsWire(p, shop) {
  const first = p.skus[0];
  const digits = shop.currency === "JPY" ? 0 : 2;
  const major = /* @__PURE__ */ __name((minor) => digits ? (minor / 100).toFixed(2) : String(minor), "major");
  return {
    goodsId: p.goodsId,
    goodsName: p.goodsName,
    outGoodsSn: p.outGoodsSn,
    skuIdList: p.skus.map((s) => s.skuId),
    skuInfoList: p.skus.map((s) => ({ skuId: s.skuId, skuSn: s.skuSn, specList: [{ specName: s.spec }] })),
    price: major(first.unitRetail),
    currency: shop.currency,
    retailPrice: { amount: first.unitRetail, currency: shop.currency },
    listPrice: { amount: first.unitRetail, currency: shop.currency },
    quantity: 100,
    catId: p.catId,
    crtTime: p.crtTime,
    status4VO: 1,
    subStatus4VO: 1,
    thumbUrl: `https://img.example.invalid/${p.goodsId}.jpeg`
  };
}
__name(goodsWire, "goodsWire");

// src/sandbox/temu/emulator.ts
var SANDBOX_TEMU_APP = { key: "tongbu-sandbox-temu-app", secret: "sandbox-temu-secret-0123456789abcdef" };
var SANDBOX_TEMU_CN_APP = { key: "tongbu-sandbox-temu-cn-app", secret: "sandbox-temu-cn-secret-0123456789ab" };
var SUCCESS = 1e6;
function createTemuEmulator(opts = {}) {
  const app = Fastify({ logger: opts.log ?? false, bodyLimit: 4 * 1024 * 1024 });
  const seed = opts.seed ?? "tongbu-temu";
  const startSec = Math.floor(Date.now() / 1e3);
  const specs = opts.shops ?? [
    { name: "us-main", region: "us" },
    { name: "eu-store", region: "eu" },
    { name: "jp-store", region: "global" }
  ];
  const shops = specs.map((s, i) => ({
    name: s.name,
    region: s.region,
    token: s.token ?? `${s.region}${randomToken(`${seed}|${s.name}`)}`,
    mallId: 634418 + i * 7,
    expiresAt: s.expiresAt ?? startSec + 365 * 86400,
    appKey: s.region === "cn" ? SANDBOX_TEMU_CN_APP.key : SANDBOX_TEMU_APP.key,
    currency: REGION_CURRENCY[s.region],
    ipBlocked: s.ipBlocked
  }));
  const to = opts.to ?? startSec - 60;
  const from = opts.from ?? to - 10 * 86400;
  const products = /* @__PURE__ */ new Map();
  const orders = /* @__PURE__ */ new Map();
  for (const s of shops) {
    const p = productsFor(s, opts.productsPerShop ?? 25, seed);
    products.set(s.name, p);
    orders.set(s.name, ordersFor(s, p, opts.ordersPerShop ?? 120, from, to, seed));
  }
  const orderIndex = /* @__PURE__ */ new Map();
  for (const list of orders.values()) for (const o of list) orderIndex.set(o.parentOrderSn, o);
  const secrets = /* @__PURE__ */ new Map([
    [SANDBOX_TEMU_APP.key, SANDBOX_TEMU_APP.secret],
    [SANDBOX_TEMU_CN_APP.key, SANDBOX_TEMU_CN_APP.secret]
  ]);
  const rateWindow = /* @__PURE__ */ new Map();
  const emu = {
    app,
    baseUrl: "",
    appKey: SANDBOX_TEMU_APP.key,
    appSecret: SANDBOX_TEMU_APP.secret,
    cnAppKey: SANDBOX_TEMU_CN_APP.key,
    cnAppSecret: SANDBOX_TEMU_CN_APP.secret,
    shops,
    orders,
    products,
    requests: [],
    faults: [],
    latency: [],
    ratePerSecond: opts.ratePerSecond ?? 20,
    counts: { rateLimited: 0 },
    clock: {
      offsetMs: 0,
      now: /* @__PURE__ */ __name(() => Date.now() + emu.clock.offsetMs, "now"),
      seconds: /* @__PURE__ */ __name(() => Math.floor(emu.clock.now() / 1e3), "seconds")
    },
    async listen(port = 0, host = "127.0.0.1") {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, "").replace("localhost", "127.0.0.1");
      return emu.baseUrl;
    },
    async close() {
      await app.close();
    },
    shop(name) {
      const s = shops.find((x) => x.name === name);
      if (!s) throw new Error(`no emulated shop ${name}`);
      return s;
    },
    order(shop, sn) {
      const o = orders.get(shop)?.find((x) => x.parentOrderSn === sn);
      if (!o) throw new Error(`no order ${sn} in ${shop}`);
      return o;
    },
    updateOrder(shop, sn, change) {
      const o = emu.order(shop, sn);
      Object.assign(o, change);
      o.updateTime = Math.max(o.updateTime + 1, emu.clock.seconds());
      return o;
    },
    removeProduct(shop, goodsId) {
      const list = products.get(shop) ?? [];
      products.set(
        shop,
        list.filter((p) => p.goodsId !== goodsId)
      );
    },
    rotateToken(shop) {
      const s = emu.shop(shop);
      s.token = `${s.region}${randomBytes(24).toString("hex")}`;
      return s.token;
    },
    env() {
      return {
        TEMU_APP_KEY: SANDBOX_TEMU_APP.key,
        TEMU_APP_SECRET: SANDBOX_TEMU_APP.secret,
        TEMU_CN_APP_KEY: SANDBOX_TEMU_CN_APP.key,
        TEMU_CN_APP_SECRET: SANDBOX_TEMU_CN_APP.secret,
        TEMU_BASE_URL: `${emu.baseUrl}/{region}`,
        TEMU_SHOPS: JSON.stringify(shops.map((s) => ({ name: s.name, region: s.region, token: s.token })))
      };
    }
  };
  const { recorded } = recordRequests(app, emu.requests);
  const send = /* @__PURE__ */ __name((req, reply, errorCode, errorMsg, result = null, status = 200) => {
    const rec = recorded(req);
    if (rec) rec.code = errorCode;
    const region = req.params.region ?? "us";
    const body = errorCode === SUCCESS ? { success: true, errorCode, errorMsg: "", requestId: `${region}-${randomBytes(8).toString("hex")}`, result } : { success: false, errorCode, errorMsg, requestId: `${region}-${randomBytes(8).toString("hex")}`, result: null };
    return reply.code(status).header("content-type", "application/json;charset=UTF-8").send(JSON.stringify(body));
  }, "send");
  const handler = /* @__PURE__ */ __name(async (req, reply) => {
    const body = req.body ?? {};
    const region = req.params.region;
    const type = typeof body.type === "string" ? body.type : "";
    const line = `POST ${type}`;
    const slow = emu.latency.find((l) => l.match.test(line));
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    if (region && !["us", "eu", "global", "cn"].includes(region)) return reply.code(404).send({ error: "no such host" });
    if (!type) return send(req, reply, 3000002, "type is missing");
    if (body.sign === void 0 || body.sign === "") return send(req, reply, 3000040, "sign is missing");
    const appKey = typeof body.app_key === "string" ? body.app_key : "";
    const secret = secrets.get(appKey);
    if (!secret) return send(req, reply, 3000003, "app_key is unknown");
    if (body.timestamp === void 0) return send(req, reply, 3000010, "timestamp is missing");
    const ts = typeof body.timestamp === "number" ? body.timestamp : typeof body.timestamp === "string" && /^\d+$/.test(body.timestamp) ? Number(body.timestamp) : NaN;
    if (!Number.isInteger(ts) || String(ts).length !== 10) return send(req, reply, 3000011, "timestamp is invalid: unix seconds expected");
    if (Math.abs(ts - emu.clock.seconds()) > 300) return send(req, reply, 3000012, "timestamp is expired");
    if (typeof body.data_type !== "string" || body.data_type.toUpperCase() !== "JSON") return send(req, reply, 3000014, "data_type must be JSON");
    if (signParams(body, secret) !== String(body.sign)) return send(req, reply, 3000001, "SIGN_UNVALID");
    const second = emu.clock.seconds();
    const w = rateWindow.get(appKey);
    if (!w || w.second !== second) rateWindow.set(appKey, { second, used: 1 });
    else if (++w.used > emu.ratePerSecond) {
      emu.counts.rateLimited += 1;
      return send(req, reply, 4000004, "RATE_LIMIT_EXCEED_EXCEPTION");
    }
    const token = typeof body.access_token === "string" ? body.access_token : "";
    if (!token) return send(req, reply, 3000030, "access_token is missing");
    const shop = shops.find((s) => s.token === token && (!region || s.region === region));
    if (!shop) return send(req, reply, 3000031, "access_token not exists");
    if (shop.appKey !== appKey) return send(req, reply, 3000033, "access_token does not belong to app_key");
    const fault = takeFault(emu.faults, line, (f) => f.kind !== "malformedPage" && (!f.shop || f.shop === shop.name));
    if (fault) {
      if (fault.kind === "rateLimit") return send(req, reply, 4000004, "RATE_LIMIT_EXCEED_EXCEPTION");
      if (fault.kind === "serverError") return reply.code(502).header("content-type", "text/html").send("<html><body>502 Bad Gateway</body></html>");
      if (fault.kind === "systemError") return send(req, reply, 4e6, "SYSTEM_EXCEPTION");
      if (fault.kind === "tokenExpired") return send(req, reply, 3000034, "access_token is expired or have been refreshed, please contact seller to share the new access_token");
      if (typeof fault.kind === "object") return send(req, reply, fault.kind.code, fault.kind.message ?? "injected fault");
    }
    if (shop.expiresAt < emu.clock.seconds()) return send(req, reply, 3000034, "access_token is expired or have been refreshed, please contact seller to share the new access_token");
    if (shop.ipBlocked) return send(req, reply, 5000003, "IP is not in the whitelist");
    const malformed = /* @__PURE__ */ __name(() => takeFault(emu.faults, line, (f) => f.kind === "malformedPage" && (!f.shop || f.shop === shop.name)) !== void 0, "malformed");
    const ok = /* @__PURE__ */ __name((result) => {
      emu.counts[type] = (emu.counts[type] ?? 0) + 1;
      return send(req, reply, SUCCESS, "", result);
    }, "ok");
    const bad = /* @__PURE__ */ __name((code, why) => send(req, reply, code, why), "bad");
    switch (type) {
      case "bg.open.accesstoken.info.get":
        return ok({ expiredTime: shop.expiresAt, mallId: shop.mallId, regionId: shop.region === "us" ? 211 : void 0, apiScopeList: ["bg.order.list.v2.get", "bg.order.amount.query", "bg.local.goods.list.query", "bg.open.accesstoken.info.get"] });
      case "bg.order.list.v2.get": {
        const pageNumber = body.pageNumber === void 0 ? 1 : Number(body.pageNumber);
        const pageSize = body.pageSize === void 0 ? 10 : Number(body.pageSize);
        if (!Number.isInteger(pageNumber) || pageNumber < 1) return bad(140020012, "pageNumber is invalid");
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return bad(140020012, "pageSize must be between 1 and 100");
        const hasStart = body.updateAtStart !== void 0;
        if (hasStart !== (body.updateAtEnd !== void 0)) return bad(140020013, "updateAtStart and updateAtEnd not passed in together");
        const start2 = Number(body.updateAtStart ?? 0);
        const end = Number(body.updateAtEnd ?? 9999999999);
        if (hasStart && (String(body.updateAtStart).length > 10 || String(body.updateAtEnd).length > 10)) return bad(140020014, "updateAtStart/updateAtEnd requires a second level timestamp");
        const byUpdate = body.sortby === "updateTime";
        const list = (orders.get(shop.name) ?? []).filter((o) => o.updateTime >= start2 && o.updateTime <= end).sort((a, b) => (byUpdate ? b.updateTime - a.updateTime : b.orderTime - a.orderTime) || (a.parentOrderSn < b.parentOrderSn ? -1 : 1));
        const page = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((o) => orderItemWire(o, shop));
        if (malformed()) return ok({ pageItems: page.map((p) => ({ ...p, parentOrderMap: null })) });
        return ok({ totalItemNum: list.length, pageItems: page });
      }
      case "bg.order.amount.query": {
        const sn = body.parentOrderSn;
        if (typeof sn !== "string" || !sn) return bad(140020013, "parentOrderSn not passed in");
        const o = orderIndex.get(sn);
        if (!o || o.shop !== shop.name) return bad(120011001, `parent order ${sn} not found`);
        if (malformed()) return ok({ orderList: [] });
        return ok(amountWire(o, shop));
      }
      case "bg.local.goods.list.query": {
        const pageNo = body.pageNo === void 0 ? 1 : Number(body.pageNo);
        const pageSize = body.pageSize === void 0 ? 10 : Number(body.pageSize);
        if (!Number.isInteger(pageNo) || pageNo < 1) return bad(140020012, "pageNo is invalid");
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return bad(140020012, "pageSize must be between 1 and 100");
        const list = opts.emptyGoodsList ? [] : products.get(shop.name) ?? [];
        const page = list.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((p) => goodsWire(p, shop));
        if (malformed()) return ok({ pageNo, goodsList: page });
        return ok({ total: list.length, pageNo, goodsList: page });
      }
      default:
        return bad(3000003, `type ${type} is not served by the emulator`);
    }
  }, "handler");
  app.post("/openapi/router", handler);
  app.post("/:region/openapi/router", handler);
  return emu;
}
__name(createTemuEmulator, "createTemuEmulator");
function randomToken(seed) {
  let h = 0;
  let out = "";
  for (let i = 0; out.length < 48; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % seed.length), 2654435761) + i >>> 0;
    out += h.toString(36);
  }
  return out.slice(0, 48);
}
__name(randomToken, "randomToken");

// src/sandbox/temu/sandbox.ts
var start = /* @__PURE__ */ __name(async (_config, { port }) => {
  const hour = Math.floor(Date.now() / 36e5) * 3600;
  const emu = createTemuEmulator({ ordersPerShop: 400, from: hour - 30 * 86400, to: hour });
  await emu.listen(port);
  return { baseUrl: emu.baseUrl, env: emu.env(), close: /* @__PURE__ */ __name(() => emu.close(), "close") };
}, "start");
export {
  start
};
//# sourceMappingURL=sandbox-QSNAWT46.js.map
