// Derived tables reach the mirror: 小鹅通's welfare decisions and Temu's profit figures are
// written by derived refreshes after each order run (SQL, not the loader), and the engine passes
// the keys they report changed to the mirror's write hook in the refresh's transaction. The real
// engine, the platforms' emulators, the Feishu emulator with Bitable, the real SDK and the
// mirror writer.
import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { temu } from '../../src/connectors/temu/index.js';
import { xiaoe } from '../../src/connectors/xiaoe/index.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { buildMappings } from '../../src/mirror/mapping.js';
import { createMirrorHook } from '../../src/mirror/outbox.js';
import { createXiaoeEmulator, type XiaoeEmulator } from '../../src/sandbox/xiaoe/emulator.js';
import { openTokenStore } from '../../src/tokens/index.js';
import { temuHarness, type TemuHarness } from '../connectors/temu/harness.js';
import { APP_TOKEN, createHarness, tally, type Harness } from './harness.js';

const DAY_MS = 86_400_000;
/** An instant as the 小鹅通 API writes it: Asia/Shanghai wall time. */
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

const NOW = Date.now();
const order = (id: string, paidDaysAgo: number, over: Record<string, unknown> = {}) => ({
  order_id: id,
  user_id: `u_${id}`,
  resource_type: 6,
  resource_id: 'p_col',
  title: '职场Excel进阶专栏',
  count: 1,
  price: 99.9,
  coupon_price: 0,
  order_state: 1,
  ship_state: 0,
  sales_state: -1,
  created_time: shanghai(NOW - paidDaysAgo * DAY_MS - 60_000),
  pay_time: shanghai(NOW - paidDaysAgo * DAY_MS),
  refund_time: '0000-00-00 00:00:00',
  settle_time: '0000-00-00 00:00:00',
  refund_money: '',
  ...over,
});
const refunded = (atMs: number) => ({ order_state: 10, sales_state: 2, refund_time: shanghai(atMs), refund_money: '9990' });

describe('derived tables through the mirror hook (小鹅通 welfare → Bitable)', () => {
  let h: Harness | undefined;
  let emu: XiaoeEmulator | undefined;
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop(1000);
    await emu?.close();
    await h?.close();
    engine = emu = h = undefined;
  });

  it('a sync ends with the welfare rows in Bitable; a rescan that finds a refund updates that record once, no duplicate', async () => {
    h = await createHarness();
    emu = createXiaoeEmulator({ orders: 0 });
    await emu.listen();
    // 20 days ago: decided at once (granted); 5 days ago, refunded 4 days ago: revoked; 3 days ago: pending.
    emu.put(order('o_old', 20));
    emu.put(order('o_ref', 5, refunded(NOW - 4 * DAY_MS)));
    emu.put(order('o_p1', 3));
    emu.put(order('o_p2', 3));

    const config = configFrom({
      DATABASE_URL: h.db.url,
      TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123',
      SANDBOX: 'off',
      SYNC_RETRY_BASE_MS: 2,
      BITABLE_APP_TOKEN: APP_TOKEN,
      XIAOE_APP_ID: emu.appId,
      XIAOE_CLIENT_ID: emu.clientId,
      XIAOE_SECRET_KEY: emu.secretKey,
      XIAOE_BASE_URL: emu.baseUrl,
    });
    // 小鹅通's own mappings: the welfare table (the orders table is opt-in, off here).
    const mappings = buildMappings(xiaoe.mirror ?? []);
    const log = createLogger('silent', { pretty: false });
    const tokens = await openTokenStore({ config, log, pool: h.db.pool });
    engine = await Engine.create({ config, log, pool: h.db.pool, metrics: h.services.metrics, databaseUrl: h.db.url, connectors: [xiaoe], tokens, hook: createMirrorHook(config, mappings) });
    const writer = h.writer({ mappings });
    const window = { from: new Date(NOW - 25 * DAY_MS), to: new Date(NOW + 60_000) };
    const sync = async () => {
      const [run] = await engine!.runNow({ connector: 'xiaoe', window, kind: 'backfill', trigger: 'cli' });
      if (run?.status !== 'succeeded') throw new Error(`run ${run?.status}`);
    };
    const outbox = async () => (await h!.db.pool.query<{ record_key: string }>(`SELECT record_key FROM bitable_outbox WHERE mapping = 'xiaoe_welfare' ORDER BY record_key`)).rows.map((r) => r.record_key);
    const records = () => h!.bt.records(APP_TOKEN, '小鹅通福利').map((r) => ({ id: r.record_id, key: String(r.fields['记录键']), fields: r.fields }));
    const status = () => Object.fromEntries(records().map((r) => [r.key, r.fields['福利状态']]));

    await sync();
    // Queued by the refresh, in its transaction: every welfare row, once.
    expect(await outbox()).toEqual(['o_old', 'o_p1', 'o_p2', 'o_ref']);
    await writer.drainOnce();
    expect(status()).toEqual({ o_old: 'granted', o_ref: 'revoked', o_p1: 'pending', o_p2: 'pending' });
    expect(records().find((r) => r.key === 'o_old')?.fields['订单号']).toBe('o_old');
    const before = records();

    // A rescan that finds nothing new queues nothing.
    await sync();
    expect(await outbox()).toEqual([]);

    // o_p1 is refunded now: the rescan revokes its welfare, and only its record changes.
    emu.put(order('o_p1', 3, refunded(NOW - 60_000)));
    await sync();
    expect(await outbox()).toEqual(['o_p1']);
    await writer.drainOnce();
    expect(status()).toEqual({ o_old: 'granted', o_ref: 'revoked', o_p1: 'revoked', o_p2: 'pending' });
    const after = records();
    expect(tally(after)).toEqual({ distinct: 4, duplicated: [] });
    const p1 = after.find((r) => r.key === 'o_p1');
    expect(p1?.id).toBe(before.find((r) => r.key === 'o_p1')?.id);
    expect(p1?.fields['退款金额(元)']).toBe(99.9);
    expect(typeof p1?.fields['取消日']).toBe('number');
    expect(await outbox()).toEqual([]);
  });
});

describe('derived tables through the mirror hook (Temu finance → outbox)', () => {
  let t: TemuHarness | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("an orders run queues the shop's finance rows and daily figures; an unchanged rerun queues nothing; a cancelled order queues its row and its day", async () => {
    const to = Math.floor(Date.now() / 1000) - 120;
    const from = to - 6 * 86_400;
    const window = { from: new Date((from - 60) * 1000), to: new Date((to + 60) * 1000) };
    // Temu's mappings, the opt-in order table on.
    const mappings = buildMappings(temu.mirror ?? [], [], { optIns: { orders: true } });
    t = await temuHarness({
      emulator: { ordersPerShop: 30, productsPerShop: 5, from, to, ratePerSecond: 1000 },
      settings: { TEMU_RATE_PER_SECOND: '800', BITABLE_APP_TOKEN: APP_TOKEN },
      hook: (config) => createMirrorHook(config, mappings),
    });
    const queued = async () =>
      (
        await t!.db.pool.query<{ mapping: string; keys: Record<string, string>; version: number }>(
          `SELECT mapping, keys, version FROM bitable_outbox ORDER BY mapping, record_key`,
        )
      ).rows;
    const count = async (sql: string) => (await t!.db.pool.query<{ n: number }>(sql)).rows[0]!.n;

    expect((await t.sync('us-main', window, { streams: ['orders'] })).status).toBe('succeeded');
    const first = await queued();
    expect(first.filter((q) => q.mapping === 'temu_order_finance')).toHaveLength(await count(`SELECT count(*)::int AS n FROM temu_order_finance WHERE shop = 'us-main'`));
    expect(first.filter((q) => q.mapping === 'temu_shop_daily')).toHaveLength(await count(`SELECT count(*)::int AS n FROM temu_shop_daily WHERE shop = 'us-main'`));
    expect(first.filter((q) => q.mapping === 'temu_shop_daily').length).toBeGreaterThan(0);

    expect((await t.sync('us-main', window, { streams: ['orders'] })).status).toBe('succeeded');
    expect(await queued()).toEqual(first);

    const o = t.emu.orders.get('us-main')!.find((x) => x.status !== 3)!;
    t.emu.updateOrder('us-main', o.parentOrderSn, { status: 3 });
    expect((await t.sync('us-main', { from: window.from, to: new Date(Date.now() + 60_000) }, { streams: ['orders'] })).status).toBe('succeeded');
    const day = (await t.db.pool.query<{ d: string }>(`SELECT to_char(order_day, 'YYYY-MM-DD') AS d FROM temu_order_finance WHERE parent_order_sn = $1`, [o.parentOrderSn])).rows[0]!.d;
    const bumped = (await queued()).filter((q) => q.version > 1);
    expect(bumped.filter((q) => q.mapping === 'temu_order_finance').map((q) => q.keys.parent_order_sn)).toEqual([o.parentOrderSn]);
    // Its order day (one order fewer), and its payout day when it had one (that payout is gone).
    const days = bumped.filter((q) => q.mapping === 'temu_shop_daily').map((q) => String(q.keys.day).slice(0, 10));
    expect(days).toContain(day);
    expect(days.length).toBeLessThanOrEqual(2);
  });
});
