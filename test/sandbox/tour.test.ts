// The sandbox tour of the README, in process: the service with nothing configured runs every
// party against its emulator; a person on the sandbox page backfills 巨量本地推 from chat, the
// card ends with the counts, and the report lands in PostgreSQL and in the emulated Bitable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../src/config.js';
import { addDays, businessDay } from '../../src/engine/time.js';
import { SANDBOX_BITABLE_APP, SANDBOX_GROUP_CHAT } from '../../src/chat/bot.js';
import { createLogger } from '../../src/logger.js';
import { startService, type RunningService } from '../../src/main.js';
import type { BitableEmulator } from '../../src/sandbox/feishu/bitable.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const textOf = (card: unknown) => JSON.stringify(card ?? {});

describe('sandbox tour', () => {
  let db: TestDatabase;
  let svc: RunningService;
  beforeAll(async () => {
    db = await createTestDatabase();
    const config = configFrom({ DATABASE_URL: db.url, PORT: 0, HOST: '127.0.0.1', SANDBOX: 'auto', IMPORT_WATCH: false, BITABLE_POLL_MS: 200 });
    svc = await startService(config, createLogger('silent', { pretty: false }), { scheduler: false, pollingIntervalSeconds: 0.5 });
  });
  afterAll(async () => {
    await svc.stop();
    await db.drop();
  });

  it('a backfill typed on the sandbox page runs, reports its counts, and is mirrored to Bitable', async () => {
    const bot = svc.services.feishuBot!;
    expect(bot.mode).toBe('sandbox');
    const day = addDays(businessDay(new Date()), -3);
    const said = await bot.sandbox!.say(SANDBOX_GROUP_CHAT, `@Tongbu /sync oceanengine ${day}`);
    expect(said.status).toBe(200);
    const msgs = await bot.sandbox!.im.waitForBotMessages(
      SANDBOX_GROUP_CHAT,
      (m) => m.some((x) => x.parentId === said.message.messageId && /new|inserted|unchanged/i.test(textOf(x.card)) && /done|succeeded|finished/i.test(textOf(x.card))),
      40_000,
    );
    const card = msgs.find((x) => x.parentId === said.message.messageId)!;
    expect(textOf(card.card)).not.toMatch(/admins only/);
    const rows = await db.pool.query(`SELECT count(*)::int AS n FROM oceanengine_local_daily WHERE stat_date = $1`, [day]);
    expect(rows.rows[0].n).toBeGreaterThan(0);
    const bitable = (svc.services.feishuBot!.sandbox!.emulator.state.bitable as BitableEmulator);
    let mirrored = 0;
    for (let i = 0; i < 100 && mirrored < rows.rows[0].n; i++) {
      await new Promise((r) => setTimeout(r, 200));
      mirrored = bitable.records(SANDBOX_BITABLE_APP, '巨量本地推日报').length;
    }
    expect(mirrored).toBe(rows.rows[0].n);
    // Those Bitable calls count: in the metric and in the month's persisted total (free plans: 10,000).
    const metrics = await svc.services.metrics.registry.metrics();
    expect(metrics).toMatch(/tongbu_feishu_api_calls_total\{kind="bitable\.batch_create"\} [1-9]/);
    await bot.counter.flush();
    const month = await db.pool.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM feishu_api_calls WHERE kind LIKE 'bitable.%'`);
    expect(month.rows[0].n).toBeGreaterThan(0);
  });

  it("the sandbox page, its calls and an index page are on the service's own port", async () => {
    const page = await fetch(`${svc.url}/sandbox`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Feishu sandbox');
    const said = await fetch(`${svc.url}/sandbox/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: SANDBOX_GROUP_CHAT, text: '/help' }) });
    expect(said.status).toBe(200);
    await svc.services.feishuBot!.sandbox!.im.waitForBotMessages(SANDBOX_GROUP_CHAT, (m) => m.some((x) => /Tongbu commands/.test(textOf(x.card))), 20_000);
    const messages = (await (await fetch(`${svc.url}/sandbox/messages`)).json()) as { chats: { chatId: string; messages: unknown[] }[] };
    expect(JSON.stringify(messages)).toContain('Tongbu commands');
    const bad = await fetch(`${svc.url}/sandbox/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: SANDBOX_GROUP_CHAT, text: '/help', extra: 1 }) });
    expect(bad.status).toBe(400);
    const index = await (await fetch(`${svc.url}/`)).text();
    expect(index).toContain('href="/sandbox"');
    expect(index).toContain('href="/metrics"');
  });
});
