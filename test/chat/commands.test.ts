// Chat commands end to end: a signed, encrypted event in → the bot's card out, asserted on
// what the Feishu emulator received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, GROUP, P2P, startBotHarness, textOf, titleOf, type BotHarness } from './harness.js';

describe('chat commands (no engine needed)', () => {
  let h: BotHarness;
  const OTHER_CHAT = 'oc_not_allowed';
  beforeAll(async () => {
    h = await startBotHarness({ FEISHU_ALLOWED_CHAT_IDS: `${GROUP},${P2P}` });
    h.sandbox.im.addChat(OTHER_CHAT, { type: 'group' });
  });
  afterAll(() => h.close());

  /** Say `text` in `chat` and return the bot's reply to that message. */
  async function ask(text: string, o: { chat?: string; openId?: string; mentionBot?: boolean } = {}) {
    const chat = o.chat ?? GROUP;
    const res = await h.sandbox.say(chat, text, { openId: o.openId ?? 'ou_member', mentionBot: o.mentionBot });
    expect(res.status).toBe(200);
    const msgs = await h.sandbox.im.waitForBotMessages(chat, (m) => m.some((x) => x.parentId === res.message.messageId));
    const replies = msgs.filter((x) => x.parentId === res.message.messageId);
    expect(replies).toHaveLength(1);
    return replies[0]!;
  }

  it('/help answers with the command list, as a JSON 2.0 card in the thread of the command', async () => {
    const reply = await ask('/help');
    expect(reply.msgType).toBe('interactive');
    expect(reply.card?.schema).toBe('2.0');
    expect((reply.card?.config as { update_multi?: boolean }).update_multi).toBe(true);
    expect(titleOf(reply.card)).toBe('Tongbu commands');
    for (const c of ['/sync', '/status', '/stop', '/start', '/dedup', '/token', '/export', '同步']) expect(textOf(reply.card)).toContain(c);
  });

  it('an unknown command gets a short card naming it and the commands', async () => {
    const reply = await ask('/frobnicate now');
    expect(titleOf(reply.card)).toBe('Unknown command');
    expect(textOf(reply.card)).toContain('frobnicate');
    expect(textOf(reply.card)).toContain('/help');
  });

  it('Chinese aliases and full-width input: 帮助, ／ＨＥＬＰ with full-width spaces, extra spaces and case', async () => {
    expect(titleOf((await ask('帮助')).card)).toBe('Tongbu commands');
    expect(titleOf((await ask('\u3000／ＨＥＬＰ\u3000\u3000')).card)).toBe('Tongbu commands');
    expect(titleOf((await ask('   /Help   ')).card)).toBe('Tongbu commands');
  });

  it('bad arguments get the right form', async () => {
    const reply = await ask('/sync 2026-02-11');
    expect(titleOf(reply.card)).toBe('Not quite');
    expect(textOf(reply.card)).toContain('name the connector before the date');
    expect(textOf(reply.card)).toContain('/sync <connector>');
    const dedup = await ask('/dedup check orders yesterday', { openId: ADMIN });
    expect(textOf(dedup.card)).toContain('/dedup check <table> <YYYY-MM-DD>');
  });

  it('/dedup check with no Bitable base configured says the mirror is off, naming the setting', async () => {
    const reply = await ask('/dedup check oceanengine_local_daily 2026-02-11');
    expect(titleOf(reply.card)).toBe('That did not work');
    expect(textOf(reply.card)).toMatch(/mirror is off: BITABLE(_|&#95;)APP(_|&#95;)TOKEN is not set/); // markdown-escaped underscores
  });

  it('/token status with nothing authorised and /export of a connector without exports answer clearly, never a crash', async () => {
    expect(textOf((await ask('令牌 status')).card)).toContain('No platform is authorised');
    const exp = await ask('导出 douyin-life 2026-01');
    expect(titleOf(exp.card)).toBe('That did not work');
    expect(textOf(exp.card)).toContain('EXPORT_NOT_SUPPORTED');
  });

  it('a non-admin gets a polite refusal for /stop, /start, backfills, /token refresh and /dedup clean', async () => {
    for (const text of ['/stop douyin-life', '启动 douyin-life', '/sync douyin-life 2026-02-11', '/sync douyin-life --force', '/token refresh', '/dedup clean t 2026-02-11']) {
      const reply = await ask(text, { openId: 'ou_member' });
      expect(titleOf(reply.card), text).toBe('Sorry, admins only');
    }
  });

  it('in a group the bot answers only when @-mentioned; in a one-to-one chat always', async () => {
    const before = h.sandbox.im.botMessages(GROUP).length;
    const unmentioned = await h.sandbox.say(GROUP, '/help', { mentionBot: false });
    expect(unmentioned.status).toBe(200);
    const p2p = await ask('/help', { chat: P2P, mentionBot: false });
    expect(titleOf(p2p.card)).toBe('Tongbu commands');
    await ask('/help'); // sentinel in the group: handled after the unmentioned one
    expect(h.sandbox.im.botMessages(GROUP).filter((m) => m.parentId === unmentioned.message.messageId)).toHaveLength(0);
    expect(h.sandbox.im.botMessages(GROUP)).toHaveLength(before + 1);
  });

  it('a chat not in FEISHU_ALLOWED_CHAT_IDS is ignored silently', async () => {
    const res = await h.sandbox.say(OTHER_CHAT, '/help', { openId: ADMIN });
    expect(res.status).toBe(200);
    await ask('/help'); // sentinel
    expect(h.sandbox.im.botMessages(OTHER_CHAT)).toHaveLength(0);
    const seen = await h.db.pool.query(`SELECT 1 FROM feishu_events_seen WHERE key = $1`, [`message:${res.message.messageId}`]);
    expect(seen.rowCount).toBe(0);
  });

  it('an xlsx file without an importer: "Excel import is not available yet"', async () => {
    const res = await h.sandbox.sendFile(GROUP, '售卖明细_2024-12-27_2025-12-07.xlsx', Buffer.from('PK fake'));
    expect(res.status).toBe(200);
    const msgs = await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.some((x) => x.parentId === res.message.messageId));
    expect(titleOf(msgs.find((x) => x.parentId === res.message.messageId)?.card)).toBe('Excel import is not available yet');
  });

  it('an xlsx file goes to the registered onFile handler, which can download it', async () => {
    const seen: string[] = [];
    h.bot.onFile(async (file) => {
      const { buffer } = await h.bot.api.downloadResource(file.messageId, file.fileKey);
      seen.push(`${file.fileName}:${file.chatId}:${file.senderOpenId}:${buffer.toString()}`);
      return { schema: '2.0', header: { title: { tag: 'plain_text', content: `Imported ${buffer.length} bytes` } }, body: { elements: [] } };
    });
    const res = await h.sandbox.sendFile(P2P, 'orders.xlsx', Buffer.from('0123456789'), { openId: ADMIN });
    const msgs = await h.sandbox.im.waitForBotMessages(P2P, (m) => m.some((x) => x.parentId === res.message.messageId));
    expect(titleOf(msgs.find((x) => x.parentId === res.message.messageId)?.card)).toBe('Imported 10 bytes');
    expect(seen).toEqual([`orders.xlsx:${P2P}:${ADMIN}:0123456789`]);
  });

  it('card buttons: a callback gets a toast (and a card), a replayed callback is not run twice, a forged one is 401', async () => {
    const reply = await ask('/help');
    const res = await h.sandbox.click(reply.messageId, { action: 'help' });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as { toast: { type: string }; card?: { type: string; data: unknown } };
    expect(body.toast.type).toBe('success');
    expect(titleOf(body.card?.data as Record<string, unknown>)).toBe('Tongbu commands');
    const again = await h.sandbox.pusher!.push(res.envelope, {}, `${h.url}/feishu/cards`);
    expect(JSON.parse(again.body)).toEqual({ toast: { type: 'info', content: 'Already done.' } });
    const forged = await h.sandbox.pusher!.push(res.envelope, { headers: { 'x-lark-signature': '0'.repeat(64) } }, `${h.url}/feishu/cards`);
    expect(forged.status).toBe(401);
  });

  it('429 from Feishu on the reply: the card is still delivered, once', async () => {
    h.sandbox.emulator.faults.push({ match: /POST \/open-apis\/im\/v1\/messages\/.*\/reply/, times: 1, kind: 'rateLimit', resetSeconds: 1 });
    const replyAttempts = () => h.sandbox.emulator.requests.filter((r) => /\/reply$/.test(r.path));
    const before = replyAttempts().length;
    const reply = await ask('/help');
    expect(titleOf(reply.card)).toBe('Tongbu commands');
    expect(replyAttempts().slice(before).map((r) => r.status)).toEqual([429, 200]);
    await ask('/help'); // sentinel: no late duplicate of the first reply
    expect(h.sandbox.im.botMessages(GROUP).filter((m) => m.parentId === reply.parentId)).toHaveLength(1);
  });
});
