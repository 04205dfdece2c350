// The IM part of the Feishu emulator, driven through the real SDK: the limits and error codes
// it must reproduce, and the sandbox page.
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuSandbox, type FeishuSandbox } from '../../src/sandbox/feishu/sandbox.js';

const CHAT = 'oc_emulator_test';
const card = (n: number) => JSON.stringify({ schema: '2.0', config: { update_multi: true }, body: { elements: [{ tag: 'markdown', content: `#${n}` }] } });

describe('Feishu emulator: IM', () => {
  let sb: FeishuSandbox;
  let client: lark.Client;
  beforeAll(async () => {
    sb = createFeishuSandbox();
    sb.im.addChat(CHAT, { name: 'Test group' });
    await sb.emulator.listen();
    client = new lark.Client({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret, domain: sb.emulator.baseUrl, cache: new lark.DefaultCache(), loggerLevel: lark.LoggerLevel.fatal });
  });
  afterAll(() => sb.emulator.close());

  const send = (chat: string, content: string, uuid?: string) =>
    client.im.v1.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: chat, msg_type: 'interactive', content, uuid } }).catch((e: { response: { status: number; data: { code: number } } }) => e.response);

  it('stores a sent card (parsed) and answers with the message', async () => {
    const res = (await send(CHAT, card(1))) as { code: number; data: { message_id: string; chat_id: string } };
    expect(res.code).toBe(0);
    expect(res.data.chat_id).toBe(CHAT);
    expect(sb.im.messages.get(res.data.message_id)?.card).toEqual(JSON.parse(card(1)));
  });

  it('unknown chat → 230002', async () => {
    const res = (await send('oc_nowhere', card(1))) as { status: number; data: { code: number } };
    expect(res.status).toBe(400);
    expect(res.data.code).toBe(230002);
  });

  it('a card over 30 KB → 230025', async () => {
    const res = (await send(CHAT, JSON.stringify({ body: { elements: [{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }] } }))) as { data: { code: number } };
    expect(res.data.code).toBe(230025);
  });

  it('a sixth message to one chat within a second → 230020', async () => {
    sb.im.addChat('oc_burst');
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => send('oc_burst', card(i))));
    const codes = results.map((r) => (r as { code?: number; data?: { code: number } }).code ?? (r as { data: { code: number } }).data.code);
    expect(codes.filter((c) => c === 0)).toHaveLength(5);
    expect(codes.filter((c) => c === 230020)).toHaveLength(2);
  });

  it('the same uuid within an hour returns the first message instead of a second one', async () => {
    sb.im.addChat('oc_uuid');
    const a = (await send('oc_uuid', card(1), 'same-uuid')) as { data: { message_id: string } };
    const b = (await send('oc_uuid', card(2), 'same-uuid')) as { data: { message_id: string } };
    expect(b.data.message_id).toBe(a.data.message_id);
    expect(sb.im.botMessages('oc_uuid')).toHaveLength(1);
  });

  it('reply and patch: the reply is threaded, the patch replaces the card and keeps its history', async () => {
    const user = sb.im.addUserMessage({ chatId: CHAT, openId: 'ou_1', msgType: 'text', content: '{"text":"hi"}' });
    const r = await client.im.v1.message.reply({ path: { message_id: user.messageId }, data: { msg_type: 'interactive', content: card(10) } });
    const id = r.data?.message_id as string;
    expect(sb.im.messages.get(id)?.parentId).toBe(user.messageId);
    await client.im.v1.message.patch({ path: { message_id: id }, data: { content: card(11) } });
    expect(sb.im.messages.get(id)?.cardHistory).toHaveLength(2);
    expect(sb.im.messages.get(id)?.card).toEqual(JSON.parse(card(11)));
    const bad = await client.im.v1.message.patch({ path: { message_id: user.messageId }, data: { content: card(12) } }).catch((e: { response: { data: { code: number } } }) => e.response.data);
    expect((bad as { code: number }).code).toBe(230001);
  });

  it('serves a registered file for its message, and 234003 for a key of another message', async () => {
    const m1 = sb.im.addUserMessage({ chatId: CHAT, openId: 'ou_1', msgType: 'file', content: '{}' });
    const m2 = sb.im.addUserMessage({ chatId: CHAT, openId: 'ou_1', msgType: 'file', content: '{}' });
    const f = sb.im.registerFile(m1.messageId, 'a.xlsx', Buffer.from('abc'));
    const res = await client.im.v1.messageResource.get({ path: { message_id: m1.messageId, file_key: f.fileKey }, params: { type: 'file' } });
    const chunks: Buffer[] = [];
    for await (const c of res.getReadableStream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('abc');
    const wrong = await client.im.v1.messageResource
      .get({ path: { message_id: m2.messageId, file_key: f.fileKey }, params: { type: 'file' } })
      .then(() => 'no error')
      .catch((e: { response: { status: number } }) => e.response.status);
    expect(wrong).toBe(400);
    expect(sb.emulator.requests.at(-1)?.code).toBe(234003);
  });

  it('requires a tenant token on IM calls', async () => {
    const res = await fetch(`${sb.emulator.baseUrl}/open-apis/im/v1/messages?receive_id_type=chat_id`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(((await res.json()) as { code: number }).code).toBe(99991661);
  });

  it('GET /sandbox/messages lists chats and messages; GET /sandbox is an HTML page', async () => {
    const json = (await (await fetch(`${sb.emulator.baseUrl}/sandbox/messages`)).json()) as { chats: Array<{ chatId: string; name: string; messages: Array<{ sender: string; card?: unknown }> }> };
    const chat = json.chats.find((c) => c.chatId === CHAT);
    expect(chat?.name).toBe('Test group');
    expect(chat?.messages.some((m) => m.sender === 'bot' && m.card)).toBe(true);
    const page = await fetch(`${sb.emulator.baseUrl}/sandbox`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('/sandbox/messages');
  });

  it('POST /sandbox/say before the bot is connected answers 409', async () => {
    const res = await fetch(`${sb.emulator.baseUrl}/sandbox/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chatId: CHAT, text: '/help' }) });
    expect(res.status).toBe(409);
  });
});
