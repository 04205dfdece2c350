// Emulator of the Temu Partner API (contract ../shared/contracts/temu.md) for tests, benchmarks and
// sandbox mode. One router, POST /openapi/router, also under /<region>/openapi/router so that a
// shop's region can be checked (a token used on another region's host is unknown there, 3000031).
// Checked like the platform: the signature (3000001, 3000040 when absent), the timestamp (unix
// seconds, 3000010/3000011, more than 300 s off: 3000012), the app key, the shop token (3000030,
// 3000031, expired 3000034, issued to another app 3000033), IP whitelist (5000003 per shop), and
// 20 calls per second per app key (4000004 beyond, counted per wall-clock second of the
// emulator's clock). Envelope {success, errorCode, errorMsg, requestId, result}.
// Codes chosen here (not in the contract): 140020012 for a bad parameter value, 140020013 for a
// missing one, 120011001 for an unknown parent order in the amount query.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { signParams } from '../../connectors/temu/sign.js';
import { recordRequests, takeFault, type FaultRule, type RecordedRequest } from '../request-recorder.js';
import { amountWire, goodsWire, orderItemWire, ordersFor, productsFor, REGION_CURRENCY, type EmuOrder, type EmuProduct, type EmuShop, type Region } from './data.js';

export const SANDBOX_TEMU_APP = { key: 'tongbu-sandbox-temu-app', secret: 'sandbox-temu-secret-0123456789abcdef' };
export const SANDBOX_TEMU_CN_APP = { key: 'tongbu-sandbox-temu-cn-app', secret: 'sandbox-temu-cn-secret-0123456789ab' };

export type TemuFaultKind = 'rateLimit' | 'serverError' | 'malformedPage' | 'tokenExpired' | 'systemError' | { code: number; message?: string };

export interface TemuFault extends FaultRule {
  /** Matched against `POST <API type>` (e.g. /bg\.order\.list/). */
  kind: TemuFaultKind;
  /** Only for this shop. */
  shop?: string;
}

export interface TemuShopSpec {
  name: string;
  region: Region;
  /** Default: a token derived from the seed. */
  token?: string;
  /** Unix seconds; default a year from the emulator's start. */
  expiresAt?: number;
  ipBlocked?: boolean;
}

export interface TemuEmulatorOptions {
  shops?: TemuShopSpec[];
  ordersPerShop?: number;
  productsPerShop?: number;
  /** Unix seconds: order times are spread over [from, to]. Default the 10 days before the start. */
  from?: number;
  to?: number;
  seed?: string;
  ratePerSecond?: number;
  /** Answer the goods list with no products (a test about orders alone). */
  emptyGoodsList?: boolean;
  log?: boolean;
}

export interface TemuEmulator {
  app: FastifyInstance;
  baseUrl: string;
  appKey: string;
  appSecret: string;
  cnAppKey: string;
  cnAppSecret: string;
  shops: EmuShop[];
  orders: Map<string, EmuOrder[]>;
  products: Map<string, EmuProduct[]>;
  requests: RecordedRequest[];
  faults: TemuFault[];
  latency: { match: RegExp; ms: number }[];
  ratePerSecond: number;
  /** Successful calls per API type, and calls refused by the rate limit. */
  counts: Record<string, number> & { rateLimited: number };
  /** Emulated clock = real clock + offsetMs. */
  clock: { offsetMs: number; now(): number; seconds(): number };
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  shop(name: string): EmuShop;
  order(shop: string, parentOrderSn: string): EmuOrder;
  /** Change an order (status etc.) and move its updateTime to now. */
  updateOrder(shop: string, parentOrderSn: string, change: Partial<Pick<EmuOrder, 'status' | 'refunds' | 'currency'>>): EmuOrder;
  /** Remove a product from the shop's list (delisted for good). */
  removeProduct(shop: string, goodsId: number): void;
  /** The seller issues a new token: the old one stops working (3000034). */
  rotateToken(shop: string): string;
  /** Env settings that point a connector at this emulator (with `{region}` in the host). */
  env(): Record<string, string>;
}

const SUCCESS = 1_000_000;

export function createTemuEmulator(opts: TemuEmulatorOptions = {}): TemuEmulator {
  const app = Fastify({ logger: opts.log ?? false, bodyLimit: 4 * 1024 * 1024 });
  const seed = opts.seed ?? 'tongbu-temu';
  const startSec = Math.floor(Date.now() / 1000);
  const specs: TemuShopSpec[] = opts.shops ?? [
    { name: 'us-main', region: 'us' },
    { name: 'eu-store', region: 'eu' },
    { name: 'jp-store', region: 'global' },
  ];
  const shops: EmuShop[] = specs.map((s, i) => ({
    name: s.name,
    region: s.region,
    token: s.token ?? `${s.region}${randomToken(`${seed}|${s.name}`)}`,
    mallId: 634418 + i * 7,
    expiresAt: s.expiresAt ?? startSec + 365 * 86_400,
    appKey: s.region === 'cn' ? SANDBOX_TEMU_CN_APP.key : SANDBOX_TEMU_APP.key,
    currency: REGION_CURRENCY[s.region],
    ipBlocked: s.ipBlocked,
  }));
  const to = opts.to ?? startSec - 60;
  const from = opts.from ?? to - 10 * 86_400;
  const products = new Map<string, EmuProduct[]>();
  const orders = new Map<string, EmuOrder[]>();
  for (const s of shops) {
    const p = productsFor(s, opts.productsPerShop ?? 25, seed);
    products.set(s.name, p);
    orders.set(s.name, ordersFor(s, p, opts.ordersPerShop ?? 120, from, to, seed));
  }
  const orderIndex = new Map<string, EmuOrder>();
  for (const list of orders.values()) for (const o of list) orderIndex.set(o.parentOrderSn, o);
  const secrets = new Map([
    [SANDBOX_TEMU_APP.key, SANDBOX_TEMU_APP.secret],
    [SANDBOX_TEMU_CN_APP.key, SANDBOX_TEMU_CN_APP.secret],
  ]);
  const rateWindow = new Map<string, { second: number; used: number }>();

  const emu: TemuEmulator = {
    app,
    baseUrl: '',
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
    counts: { rateLimited: 0 } as TemuEmulator['counts'],
    clock: {
      offsetMs: 0,
      now: () => Date.now() + emu.clock.offsetMs,
      seconds: () => Math.floor(emu.clock.now() / 1000),
    },
    async listen(port = 0, host = '127.0.0.1') {
      const addr = await app.listen({ port, host });
      emu.baseUrl = addr.replace(/\/+$/, '').replace('localhost', '127.0.0.1');
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
        list.filter((p) => p.goodsId !== goodsId),
      );
    },
    rotateToken(shop) {
      const s = emu.shop(shop);
      s.token = `${s.region}${randomBytes(24).toString('hex')}`;
      return s.token;
    },
    env() {
      return {
        TEMU_APP_KEY: SANDBOX_TEMU_APP.key,
        TEMU_APP_SECRET: SANDBOX_TEMU_APP.secret,
        TEMU_CN_APP_KEY: SANDBOX_TEMU_CN_APP.key,
        TEMU_CN_APP_SECRET: SANDBOX_TEMU_CN_APP.secret,
        TEMU_BASE_URL: `${emu.baseUrl}/{region}`,
        TEMU_SHOPS: JSON.stringify(shops.map((s) => ({ name: s.name, region: s.region, token: s.token }))),
      };
    },
  };

  const { recorded } = recordRequests(app, emu.requests);
  const send = (req: FastifyRequest, reply: FastifyReply, errorCode: number, errorMsg: string, result: unknown = null, status = 200) => {
    const rec = recorded(req);
    if (rec) rec.code = errorCode;
    const region = (req.params as { region?: string }).region ?? 'us';
    const body = errorCode === SUCCESS ? { success: true, errorCode, errorMsg: '', requestId: `${region}-${randomBytes(8).toString('hex')}`, result } : { success: false, errorCode, errorMsg, requestId: `${region}-${randomBytes(8).toString('hex')}`, result: null };
    return reply.code(status).header('content-type', 'application/json;charset=UTF-8').send(JSON.stringify(body));
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const region = (req.params as { region?: string }).region as Region | undefined;
    const type = typeof body.type === 'string' ? body.type : '';
    const line = `POST ${type}`;
    const slow = emu.latency.find((l) => l.match.test(line));
    if (slow) await new Promise((r) => setTimeout(r, slow.ms));
    if (region && !['us', 'eu', 'global', 'cn'].includes(region)) return reply.code(404).send({ error: 'no such host' });
    if (!type) return send(req, reply, 3000002, 'type is missing');
    // Common parameters, in the platform's order of checks.
    if (body.sign === undefined || body.sign === '') return send(req, reply, 3000040, 'sign is missing');
    const appKey = typeof body.app_key === 'string' ? body.app_key : '';
    const secret = secrets.get(appKey);
    if (!secret) return send(req, reply, 3000003, 'app_key is unknown');
    if (body.timestamp === undefined) return send(req, reply, 3000010, 'timestamp is missing');
    const ts = typeof body.timestamp === 'number' ? body.timestamp : typeof body.timestamp === 'string' && /^\d+$/.test(body.timestamp) ? Number(body.timestamp) : NaN;
    if (!Number.isInteger(ts) || String(ts).length !== 10) return send(req, reply, 3000011, 'timestamp is invalid: unix seconds expected');
    if (Math.abs(ts - emu.clock.seconds()) > 300) return send(req, reply, 3000012, 'timestamp is expired');
    if (typeof body.data_type !== 'string' || body.data_type.toUpperCase() !== 'JSON') return send(req, reply, 3000014, 'data_type must be JSON');
    if (signParams(body, secret) !== String(body.sign)) return send(req, reply, 3000001, 'SIGN_UNVALID');
    // One budget per app key and wall-clock second, for every shop.
    const second = emu.clock.seconds();
    const w = rateWindow.get(appKey);
    if (!w || w.second !== second) rateWindow.set(appKey, { second, used: 1 });
    else if (++w.used > emu.ratePerSecond) {
      emu.counts.rateLimited += 1;
      return send(req, reply, 4000004, 'RATE_LIMIT_EXCEED_EXCEPTION');
    }
    const token = typeof body.access_token === 'string' ? body.access_token : '';
    if (!token) return send(req, reply, 3000030, 'access_token is missing');
    const shop = shops.find((s) => s.token === token && (!region || s.region === region));
    if (!shop) return send(req, reply, 3000031, 'access_token not exists');
    if (shop.appKey !== appKey) return send(req, reply, 3000033, 'access_token does not belong to app_key');
    const fault = takeFault(emu.faults, line, (f) => f.kind !== 'malformedPage' && (!f.shop || f.shop === shop.name));
    if (fault) {
      if (fault.kind === 'rateLimit') return send(req, reply, 4000004, 'RATE_LIMIT_EXCEED_EXCEPTION');
      if (fault.kind === 'serverError') return reply.code(502).header('content-type', 'text/html').send('<html><body>502 Bad Gateway</body></html>');
      if (fault.kind === 'systemError') return send(req, reply, 4000000, 'SYSTEM_EXCEPTION');
      if (fault.kind === 'tokenExpired') return send(req, reply, 3000034, 'access_token is expired or have been refreshed, please contact seller to share the new access_token');
      if (typeof fault.kind === 'object') return send(req, reply, fault.kind.code, fault.kind.message ?? 'injected fault');
    }
    if (shop.expiresAt < emu.clock.seconds()) return send(req, reply, 3000034, 'access_token is expired or have been refreshed, please contact seller to share the new access_token');
    if (shop.ipBlocked) return send(req, reply, 5000003, 'IP is not in the whitelist');
    const malformed = () => takeFault(emu.faults, line, (f) => f.kind === 'malformedPage' && (!f.shop || f.shop === shop.name)) !== undefined;
    const ok = (result: unknown) => {
      emu.counts[type] = (emu.counts[type] ?? 0) + 1;
      return send(req, reply, SUCCESS, '', result);
    };
    const bad = (code: number, why: string) => send(req, reply, code, why);

    switch (type) {
      case 'bg.open.accesstoken.info.get':
        return ok({ expiredTime: shop.expiresAt, mallId: shop.mallId, regionId: shop.region === 'us' ? 211 : undefined, apiScopeList: ['bg.order.list.v2.get', 'bg.order.amount.query', 'bg.local.goods.list.query', 'bg.open.accesstoken.info.get'] });
      case 'bg.order.list.v2.get': {
        const pageNumber = body.pageNumber === undefined ? 1 : Number(body.pageNumber);
        const pageSize = body.pageSize === undefined ? 10 : Number(body.pageSize);
        if (!Number.isInteger(pageNumber) || pageNumber < 1) return bad(140020012, 'pageNumber is invalid');
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return bad(140020012, 'pageSize must be between 1 and 100');
        const hasStart = body.updateAtStart !== undefined;
        if (hasStart !== (body.updateAtEnd !== undefined)) return bad(140020013, 'updateAtStart and updateAtEnd not passed in together');
        const start = Number(body.updateAtStart ?? 0);
        const end = Number(body.updateAtEnd ?? 9_999_999_999);
        if (hasStart && (String(body.updateAtStart).length > 10 || String(body.updateAtEnd).length > 10)) return bad(140020014, 'updateAtStart/updateAtEnd requires a second level timestamp');
        const byUpdate = body.sortby === 'updateTime';
        const list = (orders.get(shop.name) ?? [])
          .filter((o) => o.updateTime >= start && o.updateTime <= end)
          .sort((a, b) => (byUpdate ? b.updateTime - a.updateTime : b.orderTime - a.orderTime) || (a.parentOrderSn < b.parentOrderSn ? -1 : 1));
        const page = list.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map((o) => orderItemWire(o, shop));
        if (malformed()) return ok({ pageItems: page.map((p) => ({ ...p, parentOrderMap: null })) });
        return ok({ totalItemNum: list.length, pageItems: page });
      }
      case 'bg.order.amount.query': {
        const sn = body.parentOrderSn;
        if (typeof sn !== 'string' || !sn) return bad(140020013, 'parentOrderSn not passed in');
        const o = orderIndex.get(sn);
        if (!o || o.shop !== shop.name) return bad(120011001, `parent order ${sn} not found`);
        if (malformed()) return ok({ orderList: [] });
        return ok(amountWire(o, shop));
      }
      case 'bg.local.goods.list.query': {
        const pageNo = body.pageNo === undefined ? 1 : Number(body.pageNo);
        const pageSize = body.pageSize === undefined ? 10 : Number(body.pageSize);
        if (!Number.isInteger(pageNo) || pageNo < 1) return bad(140020012, 'pageNo is invalid');
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return bad(140020012, 'pageSize must be between 1 and 100');
        const list = opts.emptyGoodsList ? [] : (products.get(shop.name) ?? []);
        const page = list.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((p) => goodsWire(p, shop));
        if (malformed()) return ok({ pageNo, goodsList: page });
        return ok({ total: list.length, pageNo, goodsList: page });
      }
      default:
        return bad(3000003, `type ${type} is not served by the emulator`);
    }
  };
  app.post('/openapi/router', handler);
  app.post('/:region/openapi/router', handler);
  return emu;
}

function randomToken(seed: string): string {
  let h = 0;
  let out = '';
  for (let i = 0; out.length < 48; i++) {
    h = (Math.imul(h ^ seed.charCodeAt(i % seed.length), 2654435761) + i) >>> 0;
    out += h.toString(36);
  }
  return out.slice(0, 48);
}
