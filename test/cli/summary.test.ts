import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runSummary } from '../../src/cli/summary.js';
import { configFrom } from '../../src/config.js';
import type { ConnectorDeclaration } from '../../src/engine/types.js';
import { createMetrics } from '../../src/metrics.js';
import { createNotifications } from '../../src/notify/create-notifier.js';
import type { Services } from '../../src/services.js';
import type { FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import type { CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { captureLogger, FAST_RETRY, hookToken, startCustomWebhookEmulator } from '../notify/support.js';

function output() {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

// A connector made for this test: its summary reads the test's own table.
const orders: ConnectorDeclaration = {
  name: 'test-orders',
  title: '测试订单',
  setup: () => ({ configured: false, accounts: [], realBaseUrl: 'http://unused' }),
  createClient: () => ({ refreshAuth: async () => undefined }),
  streams: [],
  settings: { schema: z.object({}) },
  schedules: () => [{ name: 'incremental', cron: '0 * * * *', window: (now: Date) => ({ from: now, to: now }) }],
  async summary(pool, day) {
    const r = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM test_orders WHERE day = $1`, [day]);
    return { title: '测试订单', figures: [{ label: 'Orders', value: String(r.rows[0]!.n) }] };
  },
};

describe('tongbu summary', () => {
  let db: TestDatabase;
  let emu: FeishuEmulator;
  let bot: CustomWebhookEmulator;
  beforeAll(async () => {
    db = await createTestDatabase();
    ({ emu, bot } = await startCustomWebhookEmulator());
    await db.pool.query(`CREATE TABLE test_orders (id int, day date)`);
    await db.pool.query(`INSERT INTO test_orders VALUES (1, '2026-02-11'), (2, '2026-02-11'), (3, '2026-02-11'), (4, '2026-02-10')`);
  });
  afterAll(async () => {
    await emu.close();
    await db.drop();
  });

  function services(): { services: Services; token: string } {
    const token = hookToken();
    const config = configFrom({ FEISHU_WEBHOOK_URL: bot.addHook(token) });
    const { log } = captureLogger();
    const { broadcaster } = createNotifications({ config, log, pool: db.pool, retry: FAST_RETRY });
    return { token, services: { config, log, pool: db.pool, metrics: createMetrics(), broadcaster } };
  }

  it('--day sends that day\'s card, even twice', async () => {
    const { services: s, token } = services();
    const out = output();
    expect(await runSummary(s, ['--day', '2026-02-11'], out.stream, [orders])).toBe(0);
    expect(await runSummary(s, ['--day', '2026-02-11'], out.stream, [orders])).toBe(0);
    expect(out.text()).toContain('Summary of 2026-02-11 sent to 1 place(s).');
    const got = bot.received(token);
    expect(got).toHaveLength(2);
    expect(JSON.stringify(got[0]!.card)).toContain('**3**');
  });

  it('--print shows the card and sends nothing', async () => {
    const { services: s, token } = services();
    const out = output();
    expect(await runSummary(s, ['--day', '2026-02-10', '--print'], out.stream, [orders])).toBe(0);
    expect(JSON.parse(out.text())).toMatchObject({ schema: '2.0', header: { title: { content: 'Tongbu daily summary 2026-02-10' } } });
    expect(bot.received(token)).toHaveLength(0);
  });

  it('a bad --day is a NOTIFY_DAY_INVALID error', async () => {
    const { services: s } = services();
    await expect(runSummary(s, ['--day', '2026-13-01'], output().stream, [orders])).rejects.toMatchObject({ code: 'NOTIFY_DAY_INVALID' });
  });
});
