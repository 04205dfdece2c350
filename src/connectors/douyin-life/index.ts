// 抖音来客 local-life orders. API: open.douyin.com goodlife/v1/trade/order/query/ (contract:
// douyin-life.md). Auth: app client_token (2 h, fetched again, no refresh token). Partitions:
// DOUYIN_LIFE_ACCOUNT_ID (life account ids). One stream of orders, day-sliced, paged with
// page_num/page_size, windowed on create time (DOUYIN_LIFE_USE_CREATE_TIME, default) or update
// time; upserted on order_id. Money: 分 on the wire → numeric 元. Schedule: hourly over the last
// DOUYIN_LIFE_SYNC_DAYS days (or a fixed window), Asia/Shanghai.
import type { Pool } from '../../db/pool.js';
import { addDays, dayEnd, dayStart } from '../../engine/time.js';
import { defineConnector } from '../../engine/connector.js';
import type { StreamDeclaration, SummarySection } from '../../engine/types.js';
import { planWindow } from '../../engine/windows.js';
import { DouyinLifeClient } from './client.js';
import { douyinLifeDailyMetrics } from './daily-metrics.js';
import { toOrderRow } from './mapping.js';
import { DOUYIN_LIFE_ORDERS_MIRROR } from './mirror.js';
import { douyinLifeAliases, douyinLifeSettings, type DouyinLifeSettings } from './settings.js';

export const DOUYIN_LIFE_REAL_BASE_URL = 'https://open.douyin.com';

const orders: StreamDeclaration<DouyinLifeClient, Record<string, unknown>> = {
  name: 'orders',
  table: 'douyin_life_orders',
  primaryKey: ['order_id'],
  mode: 'upsert',
  columns: [
    { name: 'order_id', type: 'text' },
    { name: 'account_id', type: 'text' },
    { name: 'order_status', type: 'text' },
    { name: 'order_type', type: 'integer' },
    { name: 'sku_id', type: 'text' },
    { name: 'sku_name', type: 'text' },
    { name: 'pay_amount', type: 'numeric' },
    { name: 'original_amount', type: 'numeric' },
    { name: 'count', type: 'integer' },
    { name: 'pay_time', type: 'timestamptz' },
    { name: 'create_time', type: 'timestamptz' },
    { name: 'update_time', type: 'timestamptz' },
    { name: 'source_order_id', type: 'text' },
    { name: 'phone', type: 'text' },
    { name: 'raw_data', type: 'jsonb' },
  ],
  async fetchPage(client, req, signal) {
    const cfg = client.settings;
    const from = Math.floor(req.slice.from.getTime() / 1000);
    const to = Math.floor(req.slice.to.getTime() / 1000);
    const res = await client.queryOrders(
      {
        account_id: req.account,
        page_num: req.page,
        page_size: cfg.DOUYIN_LIFE_PAGE_SIZE,
        ...(cfg.DOUYIN_LIFE_USE_CREATE_TIME ? { create_order_start_time: from, create_order_end_time: to } : { update_order_start_time: from, update_order_end_time: to }),
        order_status: cfg.DOUYIN_LIFE_ORDER_STATUS,
        get_secret_number: cfg.DOUYIN_LIFE_GET_SECRET_NUMBER || undefined,
      },
      signal,
    );
    const full = res.orders.length >= cfg.DOUYIN_LIFE_PAGE_SIZE;
    const hasMore = full && (res.page.total === 0 || req.page * cfg.DOUYIN_LIFE_PAGE_SIZE < res.page.total);
    return { records: res.orders, hasMore };
  },
  toRows(records, ctx) {
    return records.map((o) => toOrderRow(o, ctx.account, ctx.client.clientSecret));
  },
};


async function summary(pool: Pool, day: string): Promise<SummarySection> {
  const from = addDays(day, -6);
  const r = await pool.query<{ day: string; orders: number; amount: string }>(
    `SELECT to_char(d::date, 'YYYY-MM-DD') AS day, count(o.order_id)::int AS orders, COALESCE(sum(o.pay_amount), 0)::text AS amount
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       LEFT JOIN douyin_life_orders o ON o.create_time >= (d::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
                                     AND o.create_time <  (d::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      GROUP BY d ORDER BY d`,
    [from, day],
  );
  const today = r.rows[r.rows.length - 1] ?? { orders: 0, amount: '0' };
  const paid = await pool.query<{ paid: number }>(
    `SELECT count(*)::int AS paid FROM douyin_life_orders WHERE create_time BETWEEN $1 AND $2 AND pay_time IS NOT NULL`,
    [dayStart(day), dayEnd(day)],
  );
  return {
    title: '抖音来客 orders',
    figures: [
      { label: 'Orders created', value: String(today.orders) },
      { label: 'Paid orders', value: String(paid.rows[0]?.paid ?? 0) },
      { label: 'Amount paid', value: `¥${Number(today.amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` },
    ],
    trend: { label: 'Amount paid (元)', points: r.rows.map((x) => ({ day: x.day, value: Number(x.amount) })) },
  };
}

/** The old script's window settings, read by the engine's window planner. */
export function windowSettings(s: DouyinLifeSettings) {
  return {
    SYNC_DAYS: s.DOUYIN_LIFE_SYNC_DAYS,
    START_DATE: s.DOUYIN_LIFE_START_DATE,
    END_DATE: s.DOUYIN_LIFE_END_DATE,
    START_TIME: s.DOUYIN_LIFE_START_TIME,
    END_TIME: s.DOUYIN_LIFE_END_TIME,
  };
}

export const douyinLife = defineConnector<DouyinLifeSettings, DouyinLifeClient>({
  name: 'douyin-life',
  title: '抖音来客',
  aliases: ['douyin', 'laike', '抖音', '来客', '抖音来客'],
  settings: { schema: douyinLifeSettings, aliases: douyinLifeAliases },
  setup(s) {
    return {
      configured: Boolean(s.DOUYIN_LIFE_CLIENT_KEY && s.DOUYIN_LIFE_CLIENT_SECRET && s.DOUYIN_LIFE_ACCOUNT_ID.length),
      accounts: s.DOUYIN_LIFE_ACCOUNT_ID,
      baseUrl: s.DOUYIN_LIFE_BASE_URL,
      realBaseUrl: DOUYIN_LIFE_REAL_BASE_URL,
    };
  },
  createClient(ctx) {
    return new DouyinLifeClient(ctx, ctx.settings.DOUYIN_LIFE_CLIENT_KEY ?? '', ctx.settings.DOUYIN_LIFE_CLIENT_SECRET ?? '', ctx.settings);
  },
  streams: [orders],
  schedules(s) {
    // DOUYIN_LIFE_SYNC_INTERVAL (seconds, the old script's setting) becomes a cron when the cron is left at its default.
    let cron = s.DOUYIN_LIFE_CRON;
    if (s.DOUYIN_LIFE_SYNC_INTERVAL && cron === '0 * * * *') {
      const minutes = Math.max(1, Math.round(s.DOUYIN_LIFE_SYNC_INTERVAL / 60));
      cron = minutes >= 60 ? `0 */${Math.min(23, Math.round(minutes / 60))} * * *` : `*/${minutes} * * * *`;
    }
    return [{ name: 'incremental', cron, window: (now) => planWindow(windowSettings(s), now) }];
  },
  emulator: () => import('../../sandbox/douyin-life/sandbox.js').then((m) => m.start),
  mirror: [DOUYIN_LIFE_ORDERS_MIRROR],
  redact: ['*.DOUYIN_LIFE_CLIENT_SECRET', '*.AppSecret', '*.APP_SECRET'],
  summary,
  dailyMetrics: douyinLifeDailyMetrics,
});
