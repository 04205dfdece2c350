import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import type { Pool } from '../../src/db/pool.js';
import type { ConnectorDeclaration, SummarySection } from '../../src/engine/types.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { scheduleDailySummary, sendDailySummary } from '../../src/notify/daily-summary.js';
import { dailySummaryCard } from '../../src/feishu/cards/daily-summary-card.js';
import { isTongbuError } from '../../src/errors.js';
import { yesterday } from '../../src/engine/time.js';
import type { FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import type { CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken, startCustomWebhookEmulator } from './support.js';

// A connector declaration made for this test: its summary() reads a real table the test seeds.
function adConnector(name: string, title: string): ConnectorDeclaration {
  return {
    name,
    title,
    setup: () => ({ configured: false, accounts: [], realBaseUrl: 'http://unused' }),
    createClient: () => ({ refreshAuth: async () => undefined }),
    streams: [],
    settings: { schema: z.object({}) },
  schedules: () => [{ name: 'incremental', cron: '0 7 * * *', window: (now: Date) => ({ from: now, to: now }) }],
    async summary(pool: Pool, day: string): Promise<SummarySection> {
      const today = await pool.query<{ rows: number; spend: string; conversions: number }>(
        `SELECT count(*)::int AS rows, coalesce(sum(spend), 0)::numeric(14,2)::text AS spend, coalesce(sum(conversions), 0)::int AS conversions
         FROM test_ad_daily WHERE connector = $1 AND day = $2`,
        [name, day],
      );
      const trend = await pool.query<{ day: string; spend: string }>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(sum(a.spend), 0)::text AS spend
         FROM generate_series($2::date - 6, $2::date, interval '1 day') AS d
         LEFT JOIN test_ad_daily a ON a.day = d::date AND a.connector = $1
         GROUP BY d ORDER BY d`,
        [name, day],
      );
      const t = today.rows[0]!;
      return {
        title,
        figures: [
          { label: 'Records', value: String(t.rows) },
          { label: 'Spend', value: `¥${t.spend}` },
          { label: 'Conversions', value: String(t.conversions) },
        ],
        trend: { label: 'Spend (¥)', points: trend.rows.map((r) => ({ day: r.day, value: Number(r.spend) })) },
      };
    },
  };
}

const failingConnector: ConnectorDeclaration = {
  ...adConnector('broken', '坏连接器'),
  summary: async () => {
    throw new Error('relation "broken_table" does not exist');
  },
};

function chartsOf(card: unknown): { chart_spec: { type: string; data: { values: { day: string; value: number }[] }; xField: string; yField: string } }[] {
  const out: ReturnType<typeof chartsOf> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ((v as { tag?: string }).tag === 'chart') out.push(v as ReturnType<typeof chartsOf>[number]);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('daily summary', () => {
  let db: TestDatabase;
  let emu: FeishuEmulator;
  let bot: CustomWebhookEmulator;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ emu, bot } = await startCustomWebhookEmulator());
    await db.pool.query(`CREATE TABLE test_ad_daily (connector text, day date, account text, spend numeric(14,2), conversions int)`);
    // 2026-02-05 … 2026-02-11: spend 100, 110, … 160 per day for oceanengine-local, two rows on the 11th.
    for (let i = 0; i < 7; i++) {
      const day = `2026-02-${String(5 + i).padStart(2, '0')}`;
      await db.pool.query(`INSERT INTO test_ad_daily VALUES ('oceanengine-local', $1, 'acc1', $2, $3)`, [day, 100 + 10 * i, i]);
    }
    await db.pool.query(`INSERT INTO test_ad_daily VALUES ('oceanengine-local', '2026-02-11', 'acc2', 0.55, 2)`);
    // Older and newer rows that must not count.
    await db.pool.query(`INSERT INTO test_ad_daily VALUES ('oceanengine-local', '2026-02-04', 'acc1', 999, 9), ('oceanengine-local', '2026-02-12', 'acc1', 999, 9)`);
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
  });

  function deps(connectors: ConnectorDeclaration[]) {
    const token = hookToken();
    const url = bot.addHook(token, { secret: 'summary-secret', keywords: ['Tongbu'] });
    const config = configFrom({ FEISHU_WEBHOOK_URL: url, FEISHU_WEBHOOK_SECRET: 'summary-secret' });
    const { log, lines } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    return { token, config, lines, services: { pool: db.pool, log, broadcaster, connectors } };
  }

  it('yesterday is the Asia/Shanghai calendar day before', () => {
    // 2026-02-11 17:30 UTC is already 2026-02-12 01:30 in Shanghai.
    expect(yesterday(new Date('2026-02-11T17:30:00Z'))).toBe('2026-02-11');
    expect(yesterday(new Date('2026-02-11T15:59:00Z'))).toBe('2026-02-10');
    expect(yesterday(new Date('2026-03-01T01:00:00Z'))).toBe('2026-02-28');
  });

  it('the card has a section per connector with its figures and a 7-point trend chart', async () => {
    const { token, services } = deps([adConnector('oceanengine-local', '巨量本地推')]);
    const out = await sendDailySummary(services, '2026-02-11');
    expect(out).toMatchObject({ day: '2026-02-11', sent: true, result: { delivered: 1, failed: 0 } });
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    const card = got[0]!.card!;
    const json = JSON.stringify(card);
    expect(card.schema).toBe('2.0');
    expect(card.config).toEqual({ update_multi: true });
    expect(json).toContain('Tongbu daily summary 2026-02-11');
    expect(json).toContain('**巨量本地推**');
    expect(json).toContain('Records');
    expect(json).toContain('**2**'); // two rows on the 11th
    expect(json).toContain('¥160.55');
    expect(json).toContain('**8**'); // 6 + 2 conversions
    const charts = chartsOf(card);
    expect(charts).toHaveLength(1);
    expect(charts[0]!).toMatchObject({ tag: 'chart', aspect_ratio: '16:9' });
    expect(charts[0]!.chart_spec).toMatchObject({ type: 'line', xField: 'day', yField: 'value' });
    expect(charts[0]!.chart_spec.data.values).toEqual([
      { day: '2026-02-05', value: 100 },
      { day: '2026-02-06', value: 110 },
      { day: '2026-02-07', value: 120 },
      { day: '2026-02-08', value: 130 },
      { day: '2026-02-09', value: 140 },
      { day: '2026-02-10', value: 150 },
      { day: '2026-02-11', value: 160.55 },
    ]);
    expect((await db.pool.query(`SELECT status FROM notify_daily_sent WHERE day = '2026-02-11'`)).rows[0]).toEqual({ status: 'sent' });
  });

  it('a connector whose summary fails gets an error line; the others are still sent', async () => {
    const { token, services, lines } = deps([failingConnector, adConnector('oceanengine-local', '巨量本地推')]);
    await sendDailySummary(services, '2026-02-10');
    const json = JSON.stringify(bot.received(token)[0]!.card);
    expect(json).toContain('坏连接器');
    expect(json).toContain('No figures: relation');
    expect(json).toContain('¥150.00');
    expect(chartsOf(bot.received(token)[0]!.card)).toHaveLength(1);
    expect(lines.some((l) => l.level === 50 && l.msg === 'daily summary section failed')).toBe(true);
  });

  it('replicas running the schedule at once send one summary per day (notify_daily_sent guard)', async () => {
    const { token, services } = deps([adConnector('oceanengine-local', '巨量本地推')]);
    const outs = await Promise.all([1, 2, 3].map(() => sendDailySummary(services, '2026-02-09', { once: true })));
    expect(outs.filter((o) => o.sent)).toHaveLength(1);
    expect(bot.received(token)).toHaveLength(1);
    // Asked for by hand, it is sent again.
    await sendDailySummary(services, '2026-02-09');
    expect(bot.received(token)).toHaveLength(2);
  });

  it('scheduleDailySummary runs for yesterday (Asia/Shanghai) and two schedulers send once', async () => {
    const { token, services, config } = deps([adConnector('oceanengine-local', '巨量本地推')]);
    const now = () => new Date('2026-02-08T23:30:00Z'); // 2026-02-09 07:30 in Shanghai
    const a = scheduleDailySummary({ ...services, config, now })!;
    const b = scheduleDailySummary({ ...services, config, now })!;
    try {
      await Promise.all([a.execute(), b.execute()]);
    } finally {
      await a.destroy();
      await b.destroy();
    }
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    expect(JSON.stringify(got[0]!.card)).toContain('Tongbu daily summary 2026-02-08');
    expect(scheduleDailySummary({ ...services, config: configFrom({ DAILY_SUMMARY_ENABLED: false }), now })).toBeUndefined();
    expect(() => scheduleDailySummary({ ...services, config: configFrom({ DAILY_SUMMARY_CRON: '99 7 * * *' }), now })).toThrow(/DAILY_SUMMARY_CRON="99 7 \* \* \*"/);
  });

  it('a bad day is a clear NOTIFY_DAY_INVALID error and nothing is sent', async () => {
    const { token, services } = deps([adConnector('oceanengine-local', '巨量本地推')]);
    for (const day of ['2026-02-30', 'yesterday', '2026/02/11']) {
      const err = await sendDailySummary(services, day).catch((e: unknown) => e);
      expect(isTongbuError(err) && err.code).toBe('NOTIFY_DAY_INVALID');
    }
    expect(bot.received(token)).toHaveLength(0);
  });

  it('a summary of many connectors stays under the 30 KB card limit', () => {
    const parts = Array.from({ length: 60 }, (_, i) => ({
      connector: `c${i}`,
      title: `Connector ${i}`,
      section: {
        title: `Connector ${i} 连接器`,
        figures: Array.from({ length: 6 }, (_, j) => ({ label: `Figure ${j}`, value: `¥${(i * 1000 + j).toFixed(2)}` })),
        trend: { label: 'Spend', points: Array.from({ length: 7 }, (_, d) => ({ day: `2026-02-0${d + 1}`, value: d * 10.5 })) },
      },
    }));
    const card = dailySummaryCard('2026-02-11', parts);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(30 * 1024);
    expect(JSON.stringify(card)).toContain('left out');
  });

  it('the config defaults: 07:30 daily, enabled, alerts repeated hourly', () => {
    const c = configFrom();
    expect(c.DAILY_SUMMARY_CRON).toBe('30 7 * * *');
    expect(c.DAILY_SUMMARY_ENABLED).toBe(true);
    expect(c.ALERT_REPEAT_MINUTES).toBe(60);
    expect(c.FEISHU_NOTIFY_CHAT_IDS).toEqual([]);
    expect(configFrom({ FEISHU_NOTIFY_CHAT_IDS: 'oc_a, oc_b' }).FEISHU_NOTIFY_CHAT_IDS).toEqual(['oc_a', 'oc_b']);
    expect(() => configFrom({ FEISHU_WEBHOOK_URL: 'not a url' })).toThrow(/FEISHU_WEBHOOK_URL/);
    expect(() => configFrom({ ALERT_REPEAT_MINUTES: '0' })).toThrow(/ALERT_REPEAT_MINUTES/);
  });
});
