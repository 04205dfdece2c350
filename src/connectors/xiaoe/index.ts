// 小鹅通 (Xiaoe-tech) course/shop orders. API: https://api.xiaoe-tech.com/xe.order.list.get/1.0.1
// (contract: xiaoe.md; doc https://api-doc.xiaoe-tech.com/api_list/order/get_order_list_1.0.1.html).
// Auth: app access_token from GET /token (client_credential, 2 h, no refresh token), kept in the
// token store and sent in the JSON body (client.ts). Partition: the shop, XIAOE_APP_ID.
// Rate limits: orders 3000 requests / 10 s; token 100 calls / 10 min (hence the store).
// Cursor: the list filters on creation time only (unix seconds, ≤ 7 days per query, so slices
// of 7 days) and has no update-time filter, so state changes (refunds) are found by reading
// again: new orders every 30 minutes over the last XIAOE_INCREMENTAL_MINUTES, a rescan of the
// last XIAOE_RESCAN_DAYS (15) days every hour, and the history from XIAOE_START_DATE on the first
// run. Upserted on order_id; an unchanged order is not rewritten, so a rescan that finds nothing
// new writes nothing. Units: price 元, coupon_price and refund_money 分 → numeric 元.
// Decisions on facts the contract leaves UNCONFIRMED (docs/xiaoe.md):
//   - end_time is sent as the slice's last second + 1 (whether the platform's end is inclusive
//     is not documented; the one-second overlap is absorbed by the upsert);
//   - token-invalid and rate-limit codes: settings XIAOE_AUTH_ERROR_CODES / XIAOE_RATE_LIMIT_CODES;
//   - a list item without order_id (the official example has one) is skipped with a warning;
//   - an unreadable optional time (the example's "settle_time": "o_xxxx") is NULL, raw kept.
import { defineConnector } from '../../engine/connector.js';
import { addDays, businessDay, dayStart } from '../../engine/time.js';
import type { ConnectorContext } from '../../engine/types.js';
import { XIAOE_PLATFORM, XiaoeClient, codesOf, xiaoeTokenProvider } from './client.js';
import { XIAOE_ORDERS_MIRROR, XIAOE_WELFARE_MIRROR } from './mirror.js';
import { ordersStream } from './orders.js';
import { XIAOE_REAL_BASE_URL, xiaoeAliases, xiaoeSettings, type XiaoeSettings } from './settings.js';
import { xiaoeSummary } from './summary.js';
import { refreshWelfare, welfareOfSlice, welfareRule } from './welfare.js';
import { welfareCommand, welfareDailyReports } from './commands.js';
import { xiaoeDailyMetrics } from './daily-metrics.js';
import { ordersExport, welfareExport } from './export.js';

/** The settings a context carries; parsed defaults when it carries none. */
function settingsIn(value: unknown): XiaoeSettings {
  return (value as XiaoeSettings | undefined) ?? xiaoeSettings.parse({});
}

export function clientFor(ctx: ConnectorContext<XiaoeSettings>, appId?: string): XiaoeClient {
  const s = ctx.settings;
  return new XiaoeClient({
    ctx,
    settings: s,
    app: { appId: appId ?? s.XIAOE_APP_ID ?? '', clientId: s.XIAOE_CLIENT_ID ?? '', secretKey: s.XIAOE_SECRET_KEY ?? '' },
    baseUrl: ctx.baseUrl,
  });
}

export { ordersStream };

export const xiaoe = defineConnector<XiaoeSettings, XiaoeClient>({
  name: 'xiaoe',
  title: '小鹅通',
  aliases: ['小鹅通', 'xiaoetong', 'xet'],
  settings: { schema: xiaoeSettings, aliases: xiaoeAliases },
  setup(s) {
    return {
      configured: Boolean(s.XIAOE_APP_ID && s.XIAOE_CLIENT_ID && s.XIAOE_SECRET_KEY),
      accounts: s.XIAOE_APP_ID ? [s.XIAOE_APP_ID] : [],
      baseUrl: s.XIAOE_BASE_URL,
      realBaseUrl: XIAOE_REAL_BASE_URL,
    };
  },
  createClient(ctx, partition) {
    return clientFor(ctx, partition.id);
  },
  streams: [ordersStream],
  schedules(s) {
    const history = (now: Date) => ({ from: dayStart(s.XIAOE_START_DATE), to: now });
    return [
      {
        name: 'incremental',
        cron: s.XIAOE_CRON,
        streams: ['orders'],
        window: (now) => ({ from: new Date(now.getTime() - s.XIAOE_INCREMENTAL_MINUTES * 60_000), to: now }),
        firstWindow: history,
      },
      {
        // The list cannot filter on update time: refunds are found by reading the last days again.
        name: 'rescan',
        cron: s.XIAOE_RESCAN_CRON,
        streams: ['orders'],
        window: (now) => ({ from: dayStart(addDays(businessDay(now), -s.XIAOE_RESCAN_DAYS)), to: now }),
        catchUp: false,
      },
    ];
  },
  derived: [
    {
      name: 'welfare',
      after: ['orders'],
      async refresh(tx, scope) {
        const r = await refreshWelfare(tx, welfareRule(settingsIn(scope.settings)), scope.now, scope.slicesCovered);
        return { rows: r.entered + r.granted + r.revoked + r.lateRefunds, changed: [{ table: 'xiaoe_welfare', keys: r.changed.map((order_id) => ({ order_id })) }] };
      },
      // A written slice's paid orders enter at once, and its late refunds are flagged, beside the
      // run's other slices: a history's first run no longer enters 300,000 orders in one
      // statement at its end, and no refresh reads every order again (docs/xiaoe.md).
      async afterSlice(tx, scope) {
        const r = await welfareOfSlice(tx, welfareRule(settingsIn(scope.settings)), scope.now, scope.slice);
        const changed = [...new Set([...r.entered, ...r.lateRefunds])];
        return { rows: r.entered.length + r.lateRefunds.length, changed: [{ table: 'xiaoe_welfare', keys: changed.map((order_id) => ({ order_id })) }] };
      },
    },
  ],
  emulator: () => import('../../sandbox/xiaoe/sandbox.js').then((m) => m.start),
  oauth: {
    platform: XIAOE_PLATFORM,
    title: '小鹅通',
    aliases: ['xiaoe', '小鹅通', 'xiaoetong', 'xet'],
    provider: (s, baseUrl) =>
      s.XIAOE_APP_ID && s.XIAOE_CLIENT_ID && s.XIAOE_SECRET_KEY
        ? xiaoeTokenProvider({ appId: s.XIAOE_APP_ID, clientId: s.XIAOE_CLIENT_ID, secretKey: s.XIAOE_SECRET_KEY }, baseUrl, codesOf(s))
        : undefined,
    refreshBeforeMinutes: (s) => s.XIAOE_TOKEN_REFRESH_BEFORE_MINUTES,
    defaultGrant: (s) => s.XIAOE_APP_ID ?? 'default',
    signInHint: 'no sign-in: the token is fetched with XIAOE_CLIENT_ID / XIAOE_SECRET_KEY (the server IP must be whitelisted in 云服务控制台)',
  },
  mirror: [XIAOE_WELFARE_MIRROR, XIAOE_ORDERS_MIRROR],
  exports: [ordersExport, welfareExport],
  redact: ['*.XIAOE_SECRET_KEY', '*.XIAOE_CLIENT_SECRET', '*.secret_key', '*.access_token'],
  summary: xiaoeSummary,
  commands: [welfareCommand],
  dailyReports: welfareDailyReports,
  dailyMetrics: xiaoeDailyMetrics,
});
