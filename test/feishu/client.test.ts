import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeishuApiError } from '../../src/feishu/api-errors.js';
import { FeishuCallCounter, shanghaiMonth } from '../../src/feishu/call-counter.js';
import { createLarkClient, FeishuApi } from '../../src/feishu/client.js';
import type { Card } from '../../src/feishu/messenger.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createFeishuSandbox, type FeishuSandbox } from '../../src/sandbox/feishu/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const CHAT = 'oc_client_test';
const testCard = (title: string): Card => ({ schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: title } }, body: { elements: [{ tag: 'markdown', content: title }] } });

describe('FeishuApi over the real SDK against the emulator', () => {
  let db: TestDatabase;
  let sb: FeishuSandbox;
  let api: FeishuApi;
  let counter: FeishuCallCounter;
  const metrics = createMetrics();
  const log = createLogger('silent', { pretty: false });

  beforeAll(async () => {
    db = await createTestDatabase();
    sb = createFeishuSandbox();
    sb.im.addChat(CHAT);
    await sb.emulator.listen();
    counter = new FeishuCallCounter(db.pool, log, 50);
    api = new FeishuApi(createLarkClient({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret, domain: `${sb.emulator.baseUrl}/`, log }), { log, metrics, counter, baseDelayMs: 10 });
  });
  afterAll(async () => {
    await counter.close();
    await sb.emulator.close();
    await db.drop();
  });

  const sendRequests = () => sb.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages');

  it('sends a card as msg_type interactive with a JSON-string content', async () => {
    const id = await api.sendCard(CHAT, testCard('hello'));
    const msg = sb.im.messages.get(id);
    expect(msg?.msgType).toBe('interactive');
    expect(msg?.card).toEqual(testCard('hello'));
    const req = sendRequests().at(-1);
    expect(typeof (req?.body as { content: unknown }).content).toBe('string');
  });

  it('replies in the thread and updates a card', async () => {
    const parent = sb.im.addUserMessage({ chatId: CHAT, openId: 'ou_u', msgType: 'text', content: '{"text":"hi"}' });
    const id = await api.replyCard(parent.messageId, testCard('v1'), { chatId: CHAT });
    await api.updateCard(id, testCard('v2'));
    const msg = sb.im.messages.get(id);
    expect(msg?.parentId).toBe(parent.messageId);
    expect(msg?.cardHistory.map((c) => (c.body as { elements: Array<{ content: string }> }).elements[0]?.content)).toEqual(['v1', 'v2']);
  });

  it('HTTP 429 (99991400) on send: waits, retries, and the message is delivered once', async () => {
    const before = sb.im.botMessages(CHAT).length;
    const sendsBefore = sendRequests().length;
    sb.emulator.faults.push({ match: /^POST \/open-apis\/im\/v1\/messages$/, times: 2, kind: 'rateLimit', resetSeconds: 1 });
    const id = await api.sendCard(CHAT, testCard('after 429'));
    expect(sb.im.botMessages(CHAT)).toHaveLength(before + 1);
    expect(sb.im.messages.get(id)?.card).toEqual(testCard('after 429'));
    const attempts = sendRequests().slice(sendsBefore);
    expect(attempts.map((r) => r.status)).toEqual([429, 429, 200]);
    // The same uuid on every attempt, so Feishu could drop a duplicate.
    expect(new Set(attempts.map((r) => (r.body as { uuid: string }).uuid)).size).toBe(1);
  });

  it('a lost answer does not post twice: the retry carries the same uuid', async () => {
    const before = sb.im.botMessages(CHAT).length;
    sb.emulator.faults.push({ match: /^POST \/open-apis\/im\/v1\/messages$/, times: 1, kind: { code: 1, msg: 'upstream timeout', httpStatus: 502 } });
    await api.sendCard(CHAT, testCard('after 502'));
    expect(sb.im.botMessages(CHAT)).toHaveLength(before + 1);
  });

  it('permanent error 230002 (bot not in chat) is not retried', async () => {
    const sendsBefore = sendRequests().length;
    const err = await api.sendCard('oc_not_a_member', testCard('x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeishuApiError);
    expect((err as FeishuApiError).feishuCode).toBe(230002);
    expect((err as FeishuApiError).code).toBe('FEISHU_API_ERROR');
    expect(sendRequests().length - sendsBefore).toBe(1);
  });

  it('a card over 30 KB is refused with 230025, once', async () => {
    const sendsBefore = sendRequests().length;
    const err = await api.sendCard(CHAT, testCard('x'.repeat(31 * 1024))).catch((e: unknown) => e);
    expect((err as FeishuApiError).feishuCode).toBe(230025);
    expect(sendRequests().length - sendsBefore).toBe(1);
  });

  it('keeps a burst to one chat under the 5-per-second limit (no 230020)', async () => {
    const sendsBefore = sendRequests().length;
    const before = sb.im.botMessages(CHAT).length;
    await Promise.all(Array.from({ length: 12 }, (_, i) => api.sendCard(CHAT, testCard(`burst ${i}`))));
    expect(sb.im.botMessages(CHAT)).toHaveLength(before + 12);
    expect(sendRequests().slice(sendsBefore).every((r) => r.code === 0)).toBe(true);
  });

  it('gives up on a rate limit that never ends with FEISHU_RATE_LIMITED', async () => {
    const short = new FeishuApi(createLarkClient({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret, domain: sb.emulator.baseUrl }), { maxAttempts: 2, baseDelayMs: 5, counter, metrics });
    sb.emulator.faults.push({ match: /^POST \/open-apis\/im\/v1\/messages$/, times: 2, kind: { code: 230020, msg: 'too fast', httpStatus: 400 } });
    const err = await short.sendCard(CHAT, testCard('x')).catch((e: unknown) => e);
    expect((err as FeishuApiError).code).toBe('FEISHU_RATE_LIMITED');
    expect((err as FeishuApiError).feishuCode).toBe(230020);
  });

  it('uploads a file, sends it, and downloads a user attachment; a foreign file_key is 234003', async () => {
    const key = await api.uploadFile('report.xlsx', Buffer.from('PK\u0003\u0004 fake xlsx'));
    expect(sb.im.files.get(key)?.data.toString()).toBe('PK\u0003\u0004 fake xlsx');
    const sent = await api.sendFile({ chatId: CHAT }, key);
    expect(sb.im.messages.get(sent)?.file?.fileName).toBe('report.xlsx');

    const userMsg = sb.im.addUserMessage({ chatId: CHAT, openId: 'ou_u', msgType: 'file', content: '{}' });
    const file = sb.im.registerFile(userMsg.messageId, '售卖明细.xlsx', Buffer.from([1, 2, 3, 4, 250]));
    const got = await api.downloadResource(userMsg.messageId, file.fileKey);
    expect([...got.buffer]).toEqual([1, 2, 3, 4, 250]);
    const err = await api.downloadResource(userMsg.messageId, key).catch((e: unknown) => e);
    expect((err as FeishuApiError).feishuCode).toBe(234003);
  });

  it('refuses an empty upload', async () => {
    const err = await api.uploadFile('empty.xlsx', Buffer.alloc(0)).catch((e: unknown) => e);
    expect((err as FeishuApiError).feishuCode).toBe(234010);
  });

  it('counts every API call in Prometheus and in Postgres for the month', async () => {
    await counter.flush();
    const apiCalls = sb.emulator.requests.filter((r) => r.path.startsWith('/open-apis/') && !r.path.startsWith('/open-apis/auth/')).length;
    const month = await counter.month();
    expect(month.total).toBe(apiCalls);
    const { rows } = await db.pool.query<{ total: number }>('SELECT sum(calls)::int AS total FROM feishu_api_calls WHERE month = $1', [shanghaiMonth()]);
    expect(rows[0]?.total).toBe(apiCalls);
    const prom = (await metrics.feishuCalls.get()).values.reduce((a, v) => a + v.value, 0);
    expect(prom).toBe(apiCalls);
  });

  it('two clients with the same appId in one process do not share tokens', async () => {
    const other = createFeishuSandbox({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret });
    other.im.addChat(CHAT);
    await other.emulator.listen();
    try {
      const a = new FeishuApi(createLarkClient({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret, domain: sb.emulator.baseUrl }), { maxAttempts: 1 });
      const b = new FeishuApi(createLarkClient({ appId: sb.emulator.appId, appSecret: sb.emulator.appSecret, domain: other.emulator.baseUrl }), { maxAttempts: 1 });
      await a.sendCard(CHAT, testCard('a'));
      await b.sendCard(CHAT, testCard('b'));
      expect(other.im.botMessages(CHAT)).toHaveLength(1);
    } finally {
      await other.emulator.close();
    }
  });
});
