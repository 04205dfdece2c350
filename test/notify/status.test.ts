import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { createMetrics } from '../../src/metrics.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { notificationStatus } from '../../src/notify/status.js';
import { getStatus } from '../../src/ops/status.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken, startCustomWebhookEmulator } from './support.js';

describe('notifications in /status', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('says where cards go, which alerts are open and how the last summary went', async () => {
    const { emu, bot } = await startCustomWebhookEmulator();
    const token = `${hookToken()}WXYZ`;
    const config = configFrom({ FEISHU_WEBHOOK_URL: bot.addHook(token) });
    const sentTo = `sent to: webhook ${emu.baseUrl}/open-apis/bot/v2/hook/…WXYZ`;
    const { log } = captureLogger();
    const { notifier, broadcaster } = createNotifications({ config, log, pool: db.pool, retry: { maxAttempts: 1, baseMs: 1 }, now: () => new Date('2026-02-11T02:00:00Z') });
    const services: Services = { config, log, pool: db.pool, metrics: createMetrics(), broadcaster, statusContributors: [notificationStatus] };

    let report = await getStatus(services);
    expect(report.extras).toEqual([{ title: 'Notifications', lines: [sentTo, 'open alerts: none', 'daily summary: at "30 7 * * *" Asia/Shanghai; last: never'] }]);

    // An alert episode and a summary as another replica would have left them.
    await db.pool.query(`INSERT INTO notify_alerts (key, title, message, first_at, last_seen_at, last_sent_at, count, sent_count)
      VALUES ('sync:xiaoe:shop1', '小鹅通 sync failed (account shop1)', 'x', '2026-02-11T01:00:00Z', '2026-02-11T01:30:00Z', '2026-02-11T01:00:00Z', 3, 1)`);
    await db.pool.query(`INSERT INTO notify_daily_sent (day, status, detail) VALUES ('2026-02-10', 'sent', '1 delivered, 0 failed')`);
    report = await getStatus(services);
    expect(report.extras[0]!.lines).toEqual([
      sentTo,
      'open alerts: 1',
      '  小鹅通 sync failed (account shop1) — failing since 2026-02-11 09:00, 3×',
      'daily summary: at "30 7 * * *" Asia/Shanghai; last: 2026-02-10 sent (1 delivered, 0 failed)',
    ]);
    await notifier.recover('sync:xiaoe:shop1', 'ok');
    expect((await getStatus(services)).extras[0]!.lines[1]).toBe('open alerts: none');
    expect(bot.received(token)).toHaveLength(1); // the recovery card
    await emu.close();
  });

  it('says when alerts go to the log only', async () => {
    const config = configFrom();
    const { log } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    const section = await notificationStatus({ config, log, pool: db.pool, metrics: createMetrics(), broadcaster });
    expect(section?.lines[0]).toBe('sent to: the log only (no FEISHU_NOTIFY_CHAT_IDS or FEISHU_WEBHOOK_URL)');
  });

  it('names the configured chats when this process has no bot (the CLI)', async () => {
    const config = configFrom({ FEISHU_NOTIFY_CHAT_IDS: 'oc_ops,oc_boss' });
    const { log } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    const section = await notificationStatus({ config, log, pool: db.pool, metrics: createMetrics(), broadcaster });
    expect(section?.lines[0]).toBe("sent to: chats oc_ops, oc_boss, by the service's bot (this process has none: its own alerts go to the log)");
  });
});
