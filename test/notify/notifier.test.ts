import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import type { FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import type { CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import type { AlertInput } from '../../src/notifier.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken, startCustomWebhookEmulator } from './support.js';

const SECRET = 'notify-test-secret';

/** A clock the test moves (de-duplication is by time; tests never sleep for it). */
function testClock(start = new Date('2026-02-11T02:00:00Z')) {
  let t = start.getTime();
  return { now: () => new Date(t), advanceMinutes: (m: number) => void (t += m * 60_000) };
}

const alertInput = (key: string, extra: Partial<AlertInput> = {}): AlertInput => ({
  key,
  title: '抖音来客 sync (account 123)',
  message: 'The platform refused our credentials: access_token=act.1234567890abcdef1234567890abcdef for 13812345678',
  action: 'Re-authorise the app.',
  retry: { connector: 'douyin-life', account: '123', from: '2026-02-10', to: '2026-02-11' },
  link: { text: 'Re-authorise', url: 'https://open.douyin.com/platform/oauth/connect?client_key=abc' },
  ...extra,
});

function cardJson(c: unknown): string {
  return JSON.stringify(c);
}

describe('Feishu notifier (Postgres de-duplication, webhook delivery)', () => {
  let db: TestDatabase;
  let emu: FeishuEmulator;
  let bot: CustomWebhookEmulator;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ emu, bot } = await startCustomWebhookEmulator());
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
  });

  function setup(opts: { secret?: string; hookSecret?: string; repeat?: number } = {}) {
    const token = hookToken();
    const url = bot.addHook(token, { secret: opts.hookSecret ?? SECRET, keywords: ['Tongbu'] });
    const clock = testClock();
    const { log, lines } = captureLogger();
    const config = configFrom({ FEISHU_WEBHOOK_URL: url, FEISHU_WEBHOOK_SECRET: opts.secret ?? SECRET, ALERT_REPEAT_MINUTES: opts.repeat ?? 60 });
    const { notifier } = createNotifications({ config, log, pool: db.pool, now: clock.now, retry: FAST_RETRY });
    return { token, clock, log, lines, notifier, config };
  }

  it('sends an alert card to the webhook: what failed, the error, what to do, the link; phone and token masked', async () => {
    const { token, notifier } = setup();
    await notifier.alert(alertInput('sync:douyin-life:123:a'));
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    const c = got[0]!.card!;
    expect(c.schema).toBe('2.0');
    expect(c.config).toEqual({ update_multi: true });
    const json = cardJson(c);
    expect(json).toContain('抖音来客 sync (account 123)');
    expect(json).toContain('Re-authorise the app.');
    expect(json).toContain('138****5678');
    expect(json).not.toContain('13812345678');
    expect(json).not.toContain('act.1234567890abcdef');
    expect(json).toContain('https://open.douyin.com/platform/oauth/connect?client_key=abc');
    // A custom bot cannot receive card callbacks: its card says where to retry instead of a dead button.
    expect(json).not.toContain('"type":"callback"');
    expect(json).toContain('To retry, use the Retry button');
    expect(json).toContain('"type":"open_url"');
    const row = await db.pool.query(`SELECT count, sent_count, resolved_at FROM notify_alerts WHERE key = $1`, ['sync:douyin-life:123:a']);
    expect(row.rows[0]).toMatchObject({ count: 1, sent_count: 1, resolved_at: null });
  });

  it('the same key twice within the hour sends one card; after ALERT_REPEAT_MINUTES it is sent again', async () => {
    const { token, notifier, clock } = setup({ repeat: 60 });
    const key = 'sync:douyin-life:123:b';
    await notifier.alert(alertInput(key));
    clock.advanceMinutes(30);
    await notifier.alert(alertInput(key));
    expect(bot.received(token)).toHaveLength(1);
    clock.advanceMinutes(31);
    await notifier.alert(alertInput(key));
    const got = bot.received(token);
    expect(got).toHaveLength(2);
    // The repeat says how often it failed and since when (10:00 Asia/Shanghai).
    expect(cardJson(got[1]!.card)).toContain('3 times since 2026-02-11 10:00');
    const row = await db.pool.query(`SELECT count, sent_count FROM notify_alerts WHERE key = $1`, [key]);
    expect(row.rows[0]).toEqual({ count: 3, sent_count: 2 });
  });

  it('recover after an alert sends one recovery card and clears the key; a second recover sends nothing', async () => {
    const { token, notifier, clock } = setup();
    const key = 'sync:douyin-life:123:c';
    await notifier.alert(alertInput(key));
    clock.advanceMinutes(5);
    await notifier.recover(key, 'The sync of 抖音来客 works again.');
    await notifier.recover(key, 'The sync of 抖音来客 works again.');
    const got = bot.received(token);
    expect(got).toHaveLength(2);
    const recovery = got[1]!.card!;
    expect((recovery.header as { template: string }).template).toBe('green');
    expect(cardJson(recovery)).toContain('works again');
    const row = await db.pool.query(`SELECT resolved_at FROM notify_alerts WHERE key = $1`, [key]);
    expect(row.rows[0].resolved_at).toEqual(clock.now());
    // Failing again after recovery is a new episode: sent at once, counted from 1.
    await notifier.alert(alertInput(key));
    expect(bot.received(token)).toHaveLength(3);
    expect((await db.pool.query(`SELECT count, resolved_at FROM notify_alerts WHERE key = $1`, [key])).rows[0]).toEqual({ count: 1, resolved_at: null });
  });

  it('recover with no alert sends nothing', async () => {
    const { token, notifier } = setup();
    await notifier.recover('sync:never-failed', 'fine');
    expect(bot.received(token)).toHaveLength(0);
    expect((await db.pool.query(`SELECT 1 FROM notify_alerts WHERE key = 'sync:never-failed'`)).rowCount).toBe(0);
  });

  it('two replicas alerting the same key at the same moment send one card', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    const config = configFrom({ FEISHU_WEBHOOK_URL: url, FEISHU_WEBHOOK_SECRET: SECRET });
    const clock = testClock();
    const replicas = Array.from({ length: 4 }, () => createNotifications({ config, log: captureLogger().log, pool: db.pool, now: clock.now, retry: FAST_RETRY }).notifier);
    await Promise.all(replicas.map((r) => r.alert(alertInput('sync:replicas'))));
    expect(bot.received(token)).toHaveLength(1);
    await Promise.all(replicas.map((r) => r.recover('sync:replicas', 'ok again')));
    expect(bot.received(token)).toHaveLength(2);
  });

  it('a wrong webhook secret (19021) is logged as a clear error, never thrown, and the alert is retried on the next occurrence', async () => {
    const { token, notifier, lines, clock } = setup({ secret: 'S3cr3t-Wr0ng', hookSecret: SECRET });
    const key = 'sync:wrong-secret';
    await expect(notifier.alert(alertInput(key))).resolves.toBeUndefined();
    expect(bot.received(token)).toHaveLength(0);
    expect(bot.hook(token).answers.map((a) => a.code)).toEqual([19021]);
    const error = lines.find((l) => l.level === 50);
    expect(error?.msg).toContain('19021');
    expect(error?.msg).toContain('FEISHU_WEBHOOK_SECRET');
    expect(JSON.stringify(lines)).not.toContain('S3cr3t-Wr0ng');
    expect(JSON.stringify(lines)).not.toContain(token); // the hook token is a credential too
    // Nothing was delivered, so the next occurrence (even within the hour) tries again.
    bot.addHook(token, { secret: 'S3cr3t-Wr0ng' });
    clock.advanceMinutes(1);
    await notifier.alert(alertInput(key));
    expect(bot.received(token)).toHaveLength(1);
  });

  it('a webhook that cannot be reached never throws into the caller, and recover() neither', async () => {
    const { log, lines } = captureLogger();
    const config = configFrom({ FEISHU_WEBHOOK_URL: 'http://127.0.0.1:9/open-apis/bot/v2/hook/unreachable' });
    const { notifier } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    await expect(notifier.alert(alertInput('sync:unreachable'))).resolves.toBeUndefined();
    await expect(notifier.recover('sync:unreachable', 'ok')).resolves.toBeUndefined();
    expect(lines.some((l) => l.level === 50 && l.msg.includes('not delivered'))).toBe(true);
  });

  it('a database that is gone does not make alert() throw either', async () => {
    const { log, lines } = captureLogger();
    const dead = await createTestDatabase();
    await dead.pool.end();
    const config = configFrom({ FEISHU_WEBHOOK_URL: bot.addHook(hookToken()) });
    const { notifier } = createNotifications({ config, log, pool: dead.pool, retry: FAST_RETRY });
    await expect(notifier.alert(alertInput('sync:db-gone'))).resolves.toBeUndefined();
    expect(lines.some((l) => l.level === 50 && l.msg.includes('alert could not be processed'))).toBe(true);
    await dead.drop();
  });

  it('with neither chats nor webhook configured, alerts go to the log only (still de-duplicated)', async () => {
    const { log, lines } = captureLogger();
    const clock = testClock();
    const { notifier, broadcaster } = createNotifications({ config: configFrom(), log, pool: db.pool, now: clock.now });
    expect(broadcaster.hasTargets).toBe(false);
    await notifier.alert(alertInput('sync:log-only'));
    await notifier.alert(alertInput('sync:log-only'));
    const cards = lines.filter((l) => l.msg.startsWith('notification (no Feishu chat or webhook configured)'));
    expect(cards).toHaveLength(1);
    expect(cards[0]!.msg).toContain('抖音来客 sync (account 123)');
    expect(cards[0]!.msg).toContain('138****5678');
    expect(cards[0]!.msg).not.toContain('13812345678');
  });
});
