// Temu (multi-shop): orders, their amounts, products and SKUs, cost prices, profit, GMV and
// payouts. API: Temu Partner API (https://partner-us.temu.com/documentation; contract temu.md),
// one POST router per region, signed requests (sign.ts: sorted keys, compact JSON for nested
// values, secret on both sides, MD5 uppercase), timestamp in unix seconds within ±300 s. Auth: a
// seller-issued access token per shop, no refresh flow (3000034: ask the seller for a new one).
// Partitions: shops (shops.ts), each with its own region host and token. Rate limit: 20 calls/s
// per app key shared by every shop and replica (4000004 backs off). Cursor: orders on updateTime,
// unix seconds, both ends inclusive, newest first; first run TEMU_FIRST_RUN_DAYS (90) back, then
// every 30 min over the time since the last run plus TEMU_ORDER_OVERLAP_MINUTES; products: the
// full list every hour. Units: money {currency, amount} in minor units → numeric major units
// with the currency beside it (money.ts minorToMajorIn, exact).
//
// Decisions on what the contract leaves UNCONFIRMED (docs/temu.md):
// - CN shops use the semi-managed host openapi.kuajingmaihuo.com with the same protocol and,
//   when set, TEMU_CN_APP_KEY/_SECRET.
// - The order list's maximum time span is not documented: windows are cut into day slices.
// - Goods `price` is read as a major-unit string; products carry no money the figures use.
// - Payouts: TEMU_PAYOUT_DAYS (14) after delivery (profit.ts).
import { defineConnector } from '../../engine/connector.js';
import { TEMU_ROUTER_PATH } from './settings.js';
import type { TemuClient } from './client.js';
import { TEMU_DAILY_MIRROR, TEMU_ORDERS_MIRROR } from './mirror.js';
import { temuDailyMetrics } from './daily-metrics.js';
import { temuOrdersExport } from './export.js';
import { costSheet, temuOperation } from './ops.js';
import { refreshFinance } from './profit.js';
import { checkShops, clientFor, listShops, shopPartitions } from './shops.js';
import { ordersStream, productsStream } from './streams.js';
import { temuAliases, temuSettings, TEMU_HOSTS, type TemuSettings } from './settings.js';
import { temuSummary } from './summary.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export const temu = defineConnector<TemuSettings, TemuClient>({
  name: 'temu',
  title: 'Temu',
  aliases: ['temu', '店铺', 'tm'],
  settings: { schema: temuSettings, aliases: temuAliases },
  setup(s) {
    return {
      configured: Boolean(s.TEMU_APP_KEY && s.TEMU_APP_SECRET) || Boolean(s.TEMU_CN_APP_KEY && s.TEMU_CN_APP_SECRET),
      accounts: s.TEMU_SHOPS.map((shop) => shop.name),
      baseUrl: s.TEMU_BASE_URL,
      realBaseUrl: `${TEMU_HOSTS.us}${TEMU_ROUTER_PATH}`,
    };
  },
  partitions: shopPartitions,
  createClient: clientFor,
  streams: [ordersStream, productsStream],
  schedules(s) {
    return [
      {
        name: 'orders',
        cron: s.TEMU_ORDERS_CRON,
        streams: ['orders'],
        window: (now) => ({ from: new Date(now.getTime() - (30 + s.TEMU_ORDER_OVERLAP_MINUTES) * MINUTE), to: now }),
        firstWindow: (now) => ({ from: new Date(now.getTime() - s.TEMU_FIRST_RUN_DAYS * DAY), to: now }),
      },
      { name: 'products', cron: s.TEMU_PRODUCTS_CRON, streams: ['products'], window: (now) => ({ from: new Date(now.getTime() - 60 * MINUTE), to: now }), catchUp: false },
    ];
  },
  derived: [
    {
      name: 'finance',
      after: ['orders'],
      async refresh(tx, scope) {
        const s = scope.context?.settings as TemuSettings | undefined;
        const r = await refreshFinance(tx, { shops: [scope.account], onlyChanged: true, payoutDays: s?.TEMU_PAYOUT_DAYS ?? 14, costCurrency: s?.TEMU_COST_CURRENCY });
        return { rows: r.orders + r.days, changed: r.changed };
      },
    },
  ],
  emulator: () => import('../../sandbox/temu/sandbox.js').then((m) => m.start),
  mirror: [TEMU_ORDERS_MIRROR, TEMU_DAILY_MIRROR],
  exports: [temuOrdersExport],
  redact: ['*.TEMU_APP_SECRET', '*.TEMU_CN_APP_SECRET', '*.TEMU_SHOPS', '*.access_token', '*.token'],
  summary: temuSummary,
  dailyMetrics: temuDailyMetrics,
  operations: [temuOperation],
  sheets: [costSheet],
  credentials: {
    title: 'Temu shop tokens',
    async status(ctx) {
      return (await listShops(ctx)).map((s) => ({
        name: `temu:${s.name}`,
        detail: `${s.region}, mall ${s.mallId ?? '?'}, seller-issued token (no refresh)`,
        expiresAt: s.expiresAt ?? null,
        problem: s.lastError ?? null,
      }));
    },
    async check(ctx) {
      const checks = await checkShops(ctx, ctx.notifier);
      return {
        title: `Temu shop tokens (${checks.filter((c) => c.ok).length}/${checks.length} work)`,
        lines: checks.map((c) => (c.ok ? `${c.shop}: expires ${c.expiresAt?.toISOString().slice(0, 10) ?? '(not said)'}` : `${c.shop}: ${c.error}`)),
        ok: checks.every((c) => c.ok),
      };
    },
    checkCron: '30 9 * * *',
  },
});
