// Emulator of the Ocean Engine (巨量引擎) open API for DOU+, for tests, benchmarks and sandbox mode.
// Follows ../shared/contracts/douplus.md. It is the open platform's emulator (same OAuth app, same
// token endpoints, same `{code,message,request_id,data}` envelope, same fault injection and clock:
// 巨量本地推's, passed in as `base`, see src/engine/open-platform.ts) with the DOU+ routes added, as
// the two products share one 巨量引擎 app and grant:
// - GET /open_api/oauth2/advertiser/get/?access_token=… lists the grant's accounts; 抖音号 carry
//   `account_string_id` (the aweme_sec_uid).
// - GET /open_api/v3.0/douplus/order/list/: aweme_sec_uid, page (0 and 1 are both the first
//   page: the contract leaves the base open), page_size 1–100 (default 10), order_by_field/type,
//   `filter` JSON (order_create_time{start_time,end_time} "YYYY-MM-DD HH:mm:ss" Asia/Shanghai,
//   order_id[], task_id[], status[], scene_type); data.order_list + page_info.total_num.
// - GET /open_api/v3.0/douplus/order/report/: stat_time JSON {begin_time,end_time} (days, span ≤
//   180), group_by as a JSON array or CSV, `filter` JSON (order_ids[], item_ids[], task_ids[]);
//   data.order_metrics[{dimension_data, metrics_data}] + page_info. Money in 分 (integers).
// Error codes as the 本地推 emulator: 40102 expired, 40105 invalid/revoked, 40100 rate limited,
// 40001 bad parameters, 40002 no permission for the 抖音号.
import type { FastifyReply } from 'fastify';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { stringifyWithBigInts } from '../../engine/lossless-json.js';
import { takeFault, type FaultRule } from '../request-recorder.js';
import type { OpenPlatformEmulator, OpenPlatformEmulatorFactory, OpenPlatformEmulatorOptions } from '../../engine/open-platform.js';
import { buildOrders, metricsBetween, statusAt, STATUS_TEXT, type EmulatedOrder, type OrderMetrics } from './data.js';

export const ORDER_LIST_PATH = '/open_api/v3.0/douplus/order/list/';
export const ORDER_REPORT_PATH = '/open_api/v3.0/douplus/order/report/';
export const ADVERTISER_GET_PATH = '/open_api/oauth2/advertiser/get/';

/** The 抖音号 the sandbox knows (aweme_sec_uid values look like this). */
export const SANDBOX_AWEME_SEC_UIDS = ['MS4wLjABAAAAsandboxDouplusAccountOne000000000000', 'MS4wLjABAAAAsandboxDouplusAccountTwo000000000000'];

/** Faults on rows, beyond the shared ones (rate limit, 5xx, malformed page, a code). */
export interface DouplusRowFault extends FaultRule {
  /** badMetric: one row's stat_cost is not a number; noDimension: one row lacks dimension_data.order_id. */
  kind: 'badMetric' | 'noDimension';
}

export interface DouplusEmulatorOptions extends Omit<OpenPlatformEmulatorOptions, 'accounts'> {
  awemeSecUids?: string[];
  ordersPerAccount?: number;
  seed?: string;
  /** Orders are created over the `spanHours` before `anchor` (default: now, 10 days). */
  anchor?: number;
  spanHours?: number;
  profile?: 'mixed' | 'delivering';
  /** Page numbering: 'both' (0 and 1 are the first page, as the contract asks of stand-ins), 0 or 1. */
  firstPage?: 'both' | 0 | 1;
}

/** The platform's emulator (type E, as its factory makes it) with DOU+'s orders and routes. */
export type DouplusEmulator<E extends OpenPlatformEmulator = OpenPlatformEmulator> = E & DouplusParts;

interface DouplusParts {
  awemeSecUids: string[];
  orders: EmulatedOrder[];
  rowFaults: DouplusRowFault[];
  douplusCounts: { list: number; report: number; advertisers: number };
  /** Replace an order's status as the list shows it (a status not in the enum, say). */
  statusOverrides: Map<string, string>;
  /** Orders the list leaves out (not published yet) while the report already has them. */
  hiddenFromList: Set<string>;
  /** Order ids the report adds to every answer for their account, whatever the filter. */
  reportExtras: Set<string>;
  /** Access tokens issued before this instant are refused (40105), as after a revocation. */
  revokeAccessTokens(): void;
  order(orderId: string): EmulatedOrder;
  statusOf(o: EmulatedOrder): string;
  /** Cumulative metrics the report shows now for an order (over its whole life). */
  metricsNow(o: EmulatedOrder): OrderMetrics;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** ms → "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai. */
export function shanghaiTime(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function parseShanghai(text: unknown, endOfDay = false): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - 8 * 3_600_000;
  return h === undefined && endOfDay ? base + 86_400_000 - 1000 : base;
}

export function createDouplusEmulator<E extends OpenPlatformEmulator>(platform: OpenPlatformEmulatorFactory<E>, opts: DouplusEmulatorOptions = {}): DouplusEmulator<E> {
  // The grant's advertiser ids: one 巨量引擎 advertiser that owns the 抖音号.
  const base = platform({ ...opts, accounts: ['1790000000000001'] });
  const codes = base.codes;
  const app = base.app;
  const awemeSecUids = opts.awemeSecUids ?? SANDBOX_AWEME_SEC_UIDS;
  const orders = buildOrders({
    seed: opts.seed ?? 'tongbu-douplus',
    accounts: awemeSecUids,
    ordersPerAccount: opts.ordersPerAccount ?? 60,
    anchor: opts.anchor ?? Math.floor(Date.now() / 60_000) * 60_000,
    spanHours: opts.spanHours ?? 240,
    profile: opts.profile ?? 'mixed',
  });
  const byId = new Map(orders.map((o) => [o.orderId.toString(), o]));
  let revokedBefore = 0;
  const firstPage = opts.firstPage ?? 'both';

  const emu = base as DouplusEmulator<E>;
  Object.assign(emu, {
    awemeSecUids,
    orders,
    rowFaults: [],
    douplusCounts: { list: 0, report: 0, advertisers: 0 },
    statusOverrides: new Map<string, string>(),
    hiddenFromList: new Set<string>(),
    reportExtras: new Set<string>(),
    revokeAccessTokens() {
      revokedBefore = base.clock.now() + 1;
    },
    order(orderId: string) {
      const o = byId.get(orderId);
      if (!o) throw new Error(`no emulated order ${orderId}`);
      return o;
    },
    statusOf(o: EmulatedOrder) {
      return emu.statusOverrides.get(o.orderId.toString()) ?? statusAt(o, base.clock.now());
    },
    metricsNow(o: EmulatedOrder) {
      return metricsBetween(o, 0, base.clock.now());
    },
  });

  const requestId = () => `${new Date(base.clock.now()).toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(8).toString('hex').toUpperCase()}`;
  const send = (reply: FastifyReply, code: number, message: string, data: unknown = {}) =>
    reply.code(200).header('content-type', 'application/json; charset=utf-8').send(stringifyWithBigInts({ code, message, request_id: requestId(), data }));

  // The access tokens the 本地推 emulator signs (HMAC with the app secret), checked the same way.
  const signingKey = () => createHmac('sha256', base.secret).update('tongbu sandbox tokens').digest();
  const accessClaims = (token: unknown): { iat: number; exp: number } | undefined => {
    if (typeof token !== 'string') return undefined;
    const [body = '', sig = ''] = token.split('.');
    const expected = createHmac('sha256', signingKey()).update(body).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { k?: string; iat: number; exp: number };
      return claims.k === 'a' ? claims : undefined;
    } catch {
      return undefined;
    }
  };
  /** undefined when the token is good; otherwise the answer already sent. */
  const refuseToken = (reply: FastifyReply, token: unknown): FastifyReply | undefined => {
    const claims = accessClaims(token);
    if (!claims || claims.iat < revokedBefore) return send(reply, codes.ACCESS_TOKEN_INVALID, 'access_token is invalid');
    if (claims.exp < base.clock.now()) return send(reply, codes.ACCESS_TOKEN_EXPIRED, 'access_token 已过期');
    return undefined;
  };
  const jsonParam = (raw: unknown): { ok: true; value: unknown } | { ok: false } => {
    if (raw === undefined || raw === '') return { ok: true, value: undefined };
    try {
      return { ok: true, value: JSON.parse(String(raw)) };
    } catch {
      return { ok: false };
    }
  };
  const pageParams = (q: Record<string, string | undefined>): { page: number; pageSize: number } | string => {
    const page = q.page === undefined ? (firstPage === 1 ? 1 : 0) : Number(q.page);
    const pageSize = q.page_size === undefined ? 10 : Number(q.page_size);
    if (!Number.isInteger(page) || page < (firstPage === 1 ? 1 : 0)) return `page must be a whole number ≥ ${firstPage === 1 ? 1 : 0}`;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) return 'page_size must be 1–100';
    return { page, pageSize };
  };
  const paged = <T>(all: T[], page: number, pageSize: number) => {
    // 'both': 0 and 1 are the first page; otherwise pages count from `firstPage`.
    const index = firstPage === 'both' ? Math.max(page, 1) - 1 : page - firstPage;
    return {
      list: all.slice(index * pageSize, (index + 1) * pageSize),
      page_info: { page, page_size: pageSize, total_num: all.length, total_page: Math.ceil(all.length / pageSize) },
    };
  };
  const idList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.map(String) : undefined);

  app.get(ADVERTISER_GET_PATH, async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const refused = refuseToken(reply, q.access_token);
    if (refused) return refused;
    emu.douplusCounts.advertisers += 1;
    return send(reply, 0, 'OK', {
      list: [
        { advertiser_id: 1790000000000001n, advertiser_name: '沙盒广告主', account_role: 'ADVERTISER', is_valid: true },
        ...awemeSecUids.map((uid, i) => ({ advertiser_id: 1795000000000001n + BigInt(i), advertiser_name: `沙盒抖音号${i + 1}`, account_role: 'PLATFORM_ROLE_AWEME', account_string_id: uid, is_valid: true })),
      ],
    });
  });

  app.get(ORDER_LIST_PATH, async (req, reply) => {
    const refused = refuseToken(reply, req.headers['access-token']);
    if (refused) return refused;
    const q = req.query as Record<string, string | undefined>;
    const bad = (why: string) => send(reply, codes.BAD_PARAMS, `参数错误: ${why}`);
    const uid = q.aweme_sec_uid;
    if (!uid) return bad('aweme_sec_uid is required');
    if (!awemeSecUids.includes(uid)) return send(reply, codes.NO_PERMISSION, `no permission for aweme_sec_uid ${uid}`);
    const p = pageParams(q);
    if (typeof p === 'string') return bad(p);
    const f = jsonParam(q.filter);
    if (!f.ok) return bad('filter must be a JSON object');
    const filter = (f.value ?? {}) as { order_create_time?: { start_time?: string; end_time?: string }; order_id?: unknown; task_id?: unknown; status?: unknown; scene_type?: string };
    let from = -Infinity;
    let to = Infinity;
    if (filter.order_create_time) {
      const s = filter.order_create_time.start_time;
      const e = filter.order_create_time.end_time;
      const fs = s === undefined ? -Infinity : parseShanghai(s);
      const fe = e === undefined ? Infinity : parseShanghai(e, true);
      if (fs === undefined || fe === undefined) return bad('order_create_time must be "YYYY-MM-DD HH:mm:ss"');
      from = fs;
      to = fe;
    }
    const byField = q.order_by_field ?? 'CREATE_TIME';
    const byType = q.order_by_type ?? 'DESC';
    if (!['CREATE_TIME', 'ORDER_ID'].includes(byField)) return bad('order_by_field must be CREATE_TIME or ORDER_ID');
    if (!['ASC', 'DESC'].includes(byType)) return bad('order_by_type must be ASC or DESC');
    const ids = idList(filter.order_id);
    const tasks = idList(filter.task_id);
    const statuses = idList(filter.status);
    const now = base.clock.now();
    const all = orders
      .filter((o) => o.account === uid && o.createdAt <= now && o.createdAt >= from && o.createdAt <= to && !emu.hiddenFromList.has(o.orderId.toString()))
      .filter((o) => (!ids || ids.includes(o.orderId.toString())) && (!tasks || tasks.includes(o.taskId.toString())))
      .filter((o) => !statuses || statuses.includes(emu.statusOf(o)))
      .filter(() => !filter.scene_type || filter.scene_type === 'VIDEO')
      .sort((a, b) => {
        const d = byField === 'ORDER_ID' ? (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0) : a.createdAt - b.createdAt || (a.orderId < b.orderId ? -1 : 1);
        return byType === 'ASC' ? d : -d;
      });
    const { list, page_info } = paged(all, p.page, p.pageSize);
    emu.douplusCounts.list += 1;
    const order_list = list.map((o) => {
      const status = emu.statusOf(o);
      return {
        order: {
          order_id: o.orderId,
          task_id: o.taskId,
          scene_type: 'VIDEO',
          order_create_time: shanghaiTime(o.createdAt),
          task_status: status,
          budget: o.budgetFen,
          renew_count: 0,
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
            external_action_text: o.bidMode === '保转化' ? '主页浏览量' : '播放量',
            bid_mode: o.bidMode,
            audience: { gender: 'NONE', age: [] },
          },
        ],
        item_info_list: [
          {
            aweme_item_id: o.itemId,
            aweme_item_title: o.itemTitle,
            aweme_item_cover: [`https://p3.example.invalid/cover/${o.itemId}.jpeg`],
            aweme_author_name: o.authorName,
            aweme_author_unique_id: `sandbox_${o.account.slice(-6)}`,
            aweme_author_avatar: [],
          },
        ],
      };
    });
    if (takeFault(base.faults, `GET ${ORDER_LIST_PATH}`, (x) => x.kind === 'malformedPage')) return send(reply, 0, 'OK', { order_list });
    return send(reply, 0, 'OK', { order_list, page_info });
  });

  app.get(ORDER_REPORT_PATH, async (req, reply) => {
    const refused = refuseToken(reply, req.headers['access-token']);
    if (refused) return refused;
    const q = req.query as Record<string, string | undefined>;
    const bad = (why: string) => send(reply, codes.BAD_PARAMS, `参数错误: ${why}`);
    const uid = q.aweme_sec_uid;
    if (!uid) return bad('aweme_sec_uid is required');
    if (!awemeSecUids.includes(uid)) return send(reply, codes.NO_PERMISSION, `no permission for aweme_sec_uid ${uid}`);
    const st = jsonParam(q.stat_time);
    const stat = st.ok ? (st.value as { begin_time?: string; end_time?: string } | undefined) : undefined;
    const begin = parseShanghai(stat?.begin_time);
    const end = parseShanghai(stat?.end_time, true);
    if (!stat || begin === undefined || end === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(String(stat.begin_time)) || !/^\d{4}-\d{2}-\d{2}$/.test(String(stat.end_time))) {
      return bad('stat_time must be {"begin_time":"YYYY-MM-DD","end_time":"YYYY-MM-DD"}');
    }
    if (begin > end) return bad('begin_time is after end_time');
    if ((end - begin) / 86_400_000 > 180) return bad('the stat_time span is at most 180 days');
    // group_by: a JSON array (the Go SDK) or CSV (the TypeScript SDK); default per ad.
    const rawGroup = q.group_by?.trim();
    let groupBy: string[] = ['GROUP_BY_AD_ID'];
    if (rawGroup) {
      if (rawGroup.startsWith('[')) {
        const g = jsonParam(rawGroup);
        if (!g.ok || !Array.isArray(g.value)) return bad('group_by must be a JSON array or a comma list');
        groupBy = g.value.map(String);
      } else groupBy = rawGroup.split(',').map((s) => s.trim());
    }
    if (groupBy.some((g) => g !== 'GROUP_BY_AD_ID' && g !== 'GROUP_BY_CREATIVE_ID')) return bad('group_by must be GROUP_BY_AD_ID and/or GROUP_BY_CREATIVE_ID');
    const f = jsonParam(q.filter);
    if (!f.ok) return bad('filter must be a JSON object');
    const filter = (f.value ?? {}) as { order_ids?: unknown; item_ids?: unknown; task_ids?: unknown };
    const ids = idList(filter.order_ids);
    if (groupBy.length > 1 && !ids) return bad('filter.order_ids is required when grouping by material');
    const items = idList(filter.item_ids);
    const tasks = idList(filter.task_ids);
    const p = pageParams(q);
    if (typeof p === 'string') return bad(p);
    const now = base.clock.now();
    const upTo = Math.min(end, now);
    const rows = orders
      .filter((o) => o.account === uid && o.createdAt <= upTo)
      .filter(
        (o) =>
          emu.reportExtras.has(o.orderId.toString()) ||
          ((!ids || ids.includes(o.orderId.toString())) && (!items || items.includes(o.itemId.toString())) && (!tasks || tasks.includes(o.taskId.toString()))),
      )
      .filter((o) => o.fate !== 'unpaid' && o.fate !== 'rejected')
      .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
    // Material grouping answers in one go (no pagination), as the contract says.
    const { list, page_info } = groupBy.length > 1 ? paged(rows, 1, Math.max(rows.length, 1)) : paged(rows, p.page, p.pageSize);
    emu.douplusCounts.report += 1;
    const order_metrics: Record<string, unknown>[] = list.map((o) => ({
      dimension_data: { order_id: o.orderId, advertiser_id: 1790000000000001n, ad_id: o.adId, is_fans: false, item_id: o.itemId, room_id: 0, task_id: o.taskId },
      metrics_data: { ...metricsBetween(o, begin, upTo), live_click_source_cnt: 0, live_comment_cnt: 0, live_gift_uv: 0, live_gift_cnt: 0, live_gift_amount: 0, douplus_live_follow_count: 0 },
    }));
    const rowFault = order_metrics.length ? takeFault(emu.rowFaults, `GET ${ORDER_REPORT_PATH}`) : undefined;
    if (rowFault) {
      const victim = order_metrics[order_metrics.length - 1] as { dimension_data: Record<string, unknown>; metrics_data: Record<string, unknown> };
      if (rowFault.kind === 'badMetric') victim.metrics_data.stat_cost = '12.5元';
      else delete victim.dimension_data.order_id;
    }
    if (takeFault(base.faults, `GET ${ORDER_REPORT_PATH}`, (x) => x.kind === 'malformedPage')) return send(reply, 0, 'OK', { order_metrics });
    return send(reply, 0, 'OK', { order_metrics, page_info });
  });

  return emu;
}

export { STATUS_TEXT };
