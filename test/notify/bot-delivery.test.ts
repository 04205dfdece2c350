import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { createLarkClient, FeishuApi } from '../../src/feishu/client.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { sendDailySummary } from '../../src/notify/daily-summary.js';
import type { ConnectorDeclaration } from '../../src/engine/types.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import { installImEmulator, type ImEmulator } from '../../src/sandbox/feishu/im.js';
import { installCustomBot, type CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import type { AlertInput } from '../../src/notifier.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken } from './support.js';

const alert = (key: string): AlertInput => ({
  key,
  title: '巨量本地推 sync failed (account 42)',
  message: 'refresh_token expired; contact 13912345678',
  action: 'Re-authorise the advertiser.',
  retry: { connector: 'oceanengine-local', account: '42', from: '2026-02-10 00:00', to: '2026-02-10 23:59' },
});

// Bot chats through the bot's real client (FeishuApi over the official SDK) and the IM
// emulator, next to the custom-bot webhook on the same emulator.
describe('notifications to bot chats (FeishuApi → IM emulator)', () => {
  let db: TestDatabase;
  let emu: FeishuEmulator;
  let im: ImEmulator;
  let bot: CustomWebhookEmulator;

  beforeAll(async () => {
    db = await createTestDatabase();
    emu = createFeishuEmulator({ appId: 'cli_0123456789abcdef', appSecret: 'notify-bot-secret' });
    im = installImEmulator(emu);
    bot = installCustomBot(emu);
    await emu.listen();
    im.addChat('oc_ops');
    im.addChat('oc_lead');
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
  });

  function setup(chats: string, opts: { lateBot?: boolean } = {}) {
    const token = hookToken();
    const config = configFrom({ FEISHU_NOTIFY_CHAT_IDS: chats, FEISHU_WEBHOOK_URL: bot.addHook(token) });
    const { log, lines } = captureLogger();
    const messenger = new FeishuApi(createLarkClient({ appId: emu.appId, appSecret: emu.appSecret, domain: emu.baseUrl, log }), { log, maxAttempts: 2, baseDelayMs: 5 });
    // lateBot: the notifier is built first and finds the bot at send time, as at boot.
    const holder: { api?: FeishuApi } = {};
    const n = createNotifications({ config, log, pool: db.pool, messenger: opts.lateBot ? () => holder.api : messenger, retry: FAST_RETRY });
    return { token, lines, holder, messenger, ...n };
  }

  it('an alert reaches every chat, with the retry button, and the webhook once; recovery too', async () => {
    const { token, notifier } = setup('oc_ops,oc_lead');
    const before = { ops: im.botMessages('oc_ops').length, lead: im.botMessages('oc_lead').length };
    await notifier.alert(alert('sync:oceanengine-local:42'));
    await notifier.alert(alert('sync:oceanengine-local:42')); // within the hour: nothing more
    for (const chat of ['oc_ops', 'oc_lead'] as const) {
      const msgs = im.botMessages(chat).slice(chat === 'oc_ops' ? before.ops : before.lead);
      expect(msgs).toHaveLength(1);
      expect(msgs[0]!.msgType).toBe('interactive');
      const json = JSON.stringify(msgs[0]!.card);
      expect(json).toContain(JSON.stringify({ type: 'callback', value: { action: 'retry', connector: 'oceanengine-local', account: '42', from: '2026-02-10 00:00', to: '2026-02-10 23:59' } }));
      expect(json).toContain('139****5678');
      expect(json).not.toContain('13912345678');
    }
    expect(bot.received(token)).toHaveLength(1);
    await notifier.recover('sync:oceanengine-local:42', 'Works again.');
    expect(im.botMessages('oc_ops').slice(before.ops)).toHaveLength(2);
    expect(JSON.stringify(im.botMessages('oc_ops').at(-1)!.card)).toContain('Tongbu recovered');
    expect(bot.received(token)).toHaveLength(2);
  });

  it('a chat the bot is not in (230002) is logged, not retried, not thrown; the other chat still gets the card', async () => {
    const { notifier, lines } = setup('oc_gone,oc_ops');
    const before = im.botMessages('oc_ops').length;
    await expect(notifier.alert(alert('sync:gone-chat'))).resolves.toBeUndefined();
    expect(im.botMessages('oc_ops').length).toBe(before + 1);
    const err = lines.find((l) => l.level === 50 && String(l.msg).includes('chat oc_gone'));
    expect(err?.msg).toContain('230002');
    expect(emu.requests.filter((r) => r.path === '/open-apis/im/v1/messages' && (r.body as { receive_id?: string })?.receive_id === 'oc_gone')).toHaveLength(1);
  });

  it('a bot given as a function is found at send time; before it exists the chats are skipped with a warning', async () => {
    const { notifier, holder, messenger, lines, token, broadcaster } = setup('oc_ops', { lateBot: true });
    const before = im.botMessages('oc_ops').length;
    expect(broadcaster.describe()).toEqual([expect.stringMatching(/^webhook /)]);
    await notifier.alert(alert('sync:late-bot:1'));
    expect(im.botMessages('oc_ops').length).toBe(before);
    expect(bot.received(token)).toHaveLength(1);
    expect(lines.some((l) => l.level === 40 && String(l.msg).includes('FEISHU_NOTIFY_CHAT_IDS is set but the Feishu bot is not running'))).toBe(true);
    holder.api = messenger;
    expect(broadcaster.describe()).toEqual(['chat oc_ops', expect.stringMatching(/^webhook /)]);
    await notifier.alert(alert('sync:late-bot:2'));
    expect(im.botMessages('oc_ops').length).toBe(before + 1);
  });

  it('the daily summary goes to the chats with its chart', async () => {
    const { broadcaster, token } = setup('oc_lead');
    const connector: ConnectorDeclaration = {
      name: 'x',
      title: 'X',
      setup: () => ({ configured: false, accounts: [], realBaseUrl: 'http://unused' }),
      createClient: () => ({ refreshAuth: async () => undefined }),
      streams: [],
      settings: { schema: z.object({}) },
  schedules: () => [{ name: 'incremental', cron: '0 * * * *', window: (now: Date) => ({ from: now, to: now }) }],
      summary: async (pool, day) => {
        const r = await pool.query<{ d: string }>(`SELECT to_char(d, 'YYYY-MM-DD') AS d FROM generate_series($1::date - 6, $1::date, interval '1 day') d ORDER BY d`, [day]);
        return { title: 'X', figures: [{ label: 'Rows', value: '7' }], trend: { label: 'Rows', points: r.rows.map((row, i) => ({ day: row.d, value: i })) } };
      },
    };
    const before = im.botMessages('oc_lead').length;
    const out = await sendDailySummary({ pool: db.pool, log: captureLogger().log, broadcaster, connectors: [connector] }, '2026-02-11');
    expect(out.result).toMatchObject({ delivered: 2, failed: 0 });
    const card = im.botMessages('oc_lead').slice(before)[0]!.card!;
    expect(JSON.stringify(card)).toContain('"tag":"chart"');
    expect(JSON.stringify(card)).toContain('"day":"2026-02-05"');
    expect(bot.received(token)).toHaveLength(1);
  });
});
