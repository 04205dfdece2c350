// The connectors' own cards after the daily summary (a declaration's dailyReports), with 小鹅通's
// welfare report as the example: rows synced from its emulator and decided by the real welfare
// refresh, the card and the .xlsx delivered through the bot's real client (FeishuApi over the
// official SDK) to the IM emulator, and the card to the custom-bot webhook.
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { xiaoe } from '../../src/connectors/xiaoe/index.js';
import type { ConnectorDeclaration } from '../../src/engine/types.js';
import { createLarkClient, FeishuApi } from '../../src/feishu/client.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import { scheduleDailySummary, sendDailySummary } from '../../src/notify/daily-summary.js';
import { installCustomBot, type CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import { installImEmulator, type EmuMessage, type ImEmulator } from '../../src/sandbox/feishu/im.js';
import { xiaoeHarness, type XiaoeHarness } from '../connectors/xiaoe/harness.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken } from './support.js';

const order = (id: string, over: Record<string, unknown> = {}) => ({
  order_id: id,
  user_id: `u_${id}`,
  resource_type: 6,
  resource_id: 'p_col',
  title: '职场Excel进阶专栏',
  count: 1,
  price: 99.9,
  coupon_price: 1000,
  order_state: 1,
  ship_state: 0,
  sales_state: -1,
  created_time: '2026-02-02 09:00:00',
  pay_time: '2026-02-02 09:00:10',
  refund_time: '0000-00-00 00:00:00',
  settle_time: '0000-00-00 00:00:00',
  refund_money: '',
  ...over,
});

// A connector whose report cannot be built: logged, and the others still go out.
const broken: ConnectorDeclaration = {
  name: 'broken',
  title: '坏连接器',
  setup: () => ({ configured: false, accounts: [], realBaseUrl: 'http://unused' }),
  createClient: () => ({ refreshAuth: async () => undefined }),
  streams: [],
  settings: { schema: z.object({}) },
  schedules: () => [],
  dailyReports: async () => {
    throw new Error('relation "broken_table" does not exist');
  },
};

const titleOf = (m: EmuMessage | { card?: Record<string, unknown> }) => (m.card?.header as { title?: { content?: string } } | undefined)?.title?.content;

describe('connector reports after the daily summary', () => {
  let db: TestDatabase;
  let xh: XiaoeHarness;
  let emu: FeishuEmulator;
  let im: ImEmulator;
  let bot: CustomWebhookEmulator;
  let messenger: FeishuApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Four orders paid on 2026-02-02; o_3 refunded on 02-06. At 02-16 (decision day, 14 days on)
    // the welfare refresh grants o_1, o_2, o_4 and revokes o_3.
    xh = await xiaoeHarness({ emulator: { orders: 0 }, db });
    const setClock = (shanghai: string) => {
      xh.emu.clock.offsetMs = Date.parse(`${shanghai.replace(' ', 'T')}+08:00`) - Date.now();
    };
    setClock('2026-02-03 08:00:00');
    for (const id of ['o_1', 'o_2', 'o_3', 'o_4']) xh.emu.put(order(id));
    await xh.sync({ from: new Date('2026-01-31T16:00:00Z'), to: xh.now() });
    setClock('2026-02-16 08:00:00');
    xh.emu.put(order('o_3', { order_state: 10, sales_state: 2, refund_time: '2026-02-06 12:00:00', refund_money: '9990' }));
    const synced = await xh.sync({ from: new Date('2026-01-31T16:00:00Z'), to: xh.now() });
    expect(synced.welfare).toMatchObject({ granted: 3, revoked: 1 });

    emu = createFeishuEmulator({ appId: 'cli_reports01234567', appSecret: 'reports-bot-secret' });
    im = installImEmulator(emu);
    bot = installCustomBot(emu);
    await emu.listen();
    messenger = new FeishuApi(createLarkClient({ appId: emu.appId, appSecret: emu.appSecret, domain: emu.baseUrl }), { maxAttempts: 2, baseDelayMs: 5 });
  });
  afterAll(async () => {
    await xh?.close();
    await emu?.close();
    await db?.drop();
  });

  function setup(chat: string, settings: Record<string, string> = {}) {
    im.addChat(chat);
    const token = hookToken();
    const config = configFrom({ FEISHU_NOTIFY_CHAT_IDS: chat, FEISHU_WEBHOOK_URL: bot.addHook(token), ...settings });
    const { log, lines } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, messenger, retry: FAST_RETRY });
    return { token, lines, deps: { pool: db.pool, log, broadcaster, connectors: [broken, xiaoe], config } };
  }

  it('the scheduled summary is followed by the welfare card and its .xlsx in the chat; the webhook card says where the file is; a second run sends nothing', async () => {
    const { token, lines, deps } = setup('oc_reports');
    // 2026-02-17 08:30 in Shanghai: the schedule sends the summary of 2026-02-16.
    const task = scheduleDailySummary({ ...deps, now: () => new Date('2026-02-17T00:30:00Z') })!;
    try {
      await task.execute();
      const msgs = im.botMessages('oc_reports');
      expect(msgs.map((m) => m.msgType)).toEqual(['interactive', 'interactive', 'file']);
      expect(titleOf(msgs[0]!)).toBe('Tongbu daily summary 2026-02-16');
      expect(titleOf(msgs[1]!)).toBe('小鹅通福利 2026-02-16');
      const card = JSON.stringify(msgs[1]!.card);
      expect(card).toContain('**发放**: 3');
      expect(card).toContain('**取消**: 1');
      expect(card).toContain('**逾期退款**: 0');
      expect((msgs[1]!.card!.header as { template: string }).template).toBe('green');

      expect(msgs[2]!.file?.fileName).toBe('小鹅通福利_2026-02-16.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(im.files.get(msgs[2]!.file!.fileKey)!.data as unknown as ArrayBuffer);
      const rows = book.worksheets[0]!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 3));
      expect(rows).toEqual([
        ['发放', 'o_1'],
        ['发放', 'o_2'],
        ['发放', 'o_4'],
        ['取消', 'o_3'],
      ]);

      // The webhook gets both cards; the welfare one says the file went to the bot's chats.
      const hooked = bot.received(token);
      expect(hooked.map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16', '小鹅通福利 2026-02-16']);
      expect(JSON.stringify(hooked[1]!.card)).toContain("`小鹅通福利_2026-02-16.xlsx` (4 rows) is sent as a file to the Tongbu bot's chats");
      expect(JSON.stringify(hooked[1]!.card)).toContain('the webhook cannot carry files');
      expect(JSON.stringify(msgs[1]!.card)).not.toContain('webhook');

      // The broken connector's report is an error in the log, not a missing welfare card.
      expect(lines.some((l) => l.level === 50 && l.connector === 'broken' && String(l.msg).includes('broken_table'))).toBe(true);

      // The same day again (another replica, or the next tick): nothing more.
      await task.execute();
      expect(im.botMessages('oc_reports')).toHaveLength(3);
      expect(bot.received(token)).toHaveLength(2);
    } finally {
      await task.destroy();
    }
  });

  it('with only a webhook the welfare card says the file is not attached', async () => {
    const token = hookToken();
    const config = configFrom({ FEISHU_WEBHOOK_URL: bot.addHook(token) });
    const { log } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    const out = await sendDailySummary({ pool: db.pool, log, broadcaster, connectors: [xiaoe], config }, '2026-02-16');
    expect(out.reports?.map((r) => [r.title, r.result.delivered, r.file?.delivered])).toEqual([['小鹅通福利 2026-02-16', 1, 0]]);
    const hooked = bot.received(token);
    expect(hooked.map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16', '小鹅通福利 2026-02-16']);
    expect(JSON.stringify(hooked[1]!.card)).toContain('`小鹅通福利_2026-02-16.xlsx` (4 rows) is not attached: the webhook cannot carry files');
  });

  it('with XIAOE_WELFARE_REPORT=false only the summary goes out', async () => {
    const { token, deps } = setup('oc_reports_off', { XIAOE_WELFARE_REPORT: 'false' });
    const out = await sendDailySummary(deps, '2026-02-16');
    expect(out.sent).toBe(true);
    expect(out.reports).toEqual([]);
    const msgs = im.botMessages('oc_reports_off');
    expect(msgs.map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16']);
    expect(bot.received(token).map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16']);
  });
  it('a connector the service does not run (no credentials) sends no card of its own', async () => {
    const { token, deps } = setup('oc_reports_not_run');
    const out = await sendDailySummary({ ...deps, runs: (name: string) => name !== 'xiaoe' }, '2026-02-16');
    expect(out.sent).toBe(true);
    expect(out.reports).toEqual([]);
    expect(im.botMessages('oc_reports_not_run').map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16']);
    expect(bot.received(token).map((m) => titleOf(m))).toEqual(['Tongbu daily summary 2026-02-16']);
  });
});
