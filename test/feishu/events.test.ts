import { readFileSync } from 'node:fs';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptFeishu, openEnvelope } from '../../src/feishu/events/envelope.js';
import { encryptForFeishu, FeishuEventPusher, signFeishuBody } from '../../src/sandbox/feishu/events.js';
import { GROUP, startBotHarness, titleOf, type BotHarness } from '../chat/harness.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/feishu/${name}`, import.meta.url), 'utf8');
const fixtureJson = <T>(name: string) => JSON.parse(fixture(name)) as T;

async function seenKeys(h: BotHarness): Promise<string[]> {
  const { rows } = await h.db.pool.query<{ key: string }>('SELECT key FROM feishu_events_seen ORDER BY key');
  return rows.map((r) => r.key);
}

describe('Feishu crypto against the documented vectors', () => {
  it('decrypts the AES test vector from the docs', () => {
    const v = fixtureJson<{ encrypt_key: string; encrypt: string; plaintext: string }>('aes.test_vector.docs.json');
    expect(decryptFeishu(v.encrypt, v.encrypt_key)).toBe(v.plaintext);
  });

  it('decrypts the SDK encrypted challenge to the documented plaintext', () => {
    const meta = fixtureJson<{ encrypt_key: string }>('url_verification.encrypted.meta.json');
    const body = fixtureJson<{ encrypt: string }>('url_verification.encrypted.json');
    expect(decryptFeishu(body.encrypt, meta.encrypt_key)).toBe(fixture('url_verification.encrypted.decrypted.json').trim());
  });

  it('the sandbox encrypts the way the SDK decrypts', () => {
    const enc = encryptForFeishu('{"a":"同步"}', 'k1');
    expect(new lark.AESCipher('k1').decrypt(enc)).toBe('{"a":"同步"}');
  });

  it('rejects a body that is not JSON with 400 and a bad signature with 401', () => {
    expect(openEnvelope('nope', {}, { encryptKey: 'k' })).toMatchObject({ ok: false, status: 400 });
    const raw = JSON.stringify({ encrypt: encryptForFeishu('{}', 'k') });
    const headers = { 'x-lark-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-lark-request-nonce': 'n', 'x-lark-signature': signFeishuBody('1', 'n', 'k', raw) };
    expect(openEnvelope(raw, headers, { encryptKey: 'k' })).toMatchObject({ ok: false, status: 401, reason: 'the signature does not match' });
  });

  it('refuses everything when neither a token nor a key is configured', () => {
    expect(openEnvelope('{"type":"url_verification","challenge":"x"}', {}, {})).toMatchObject({ ok: false, status: 401 });
  });
});

describe('url_verification', () => {
  let h: BotHarness;
  beforeAll(async () => {
    const meta = fixtureJson<{ encrypt_key: string }>('url_verification.encrypted.meta.json');
    const decrypted = JSON.parse(fixture('url_verification.encrypted.decrypted.json')) as { token: string };
    h = await startBotHarness({}, { encryptKey: meta.encrypt_key, verificationToken: decrypted.token });
  });
  afterAll(() => h.close());

  it('answers the contract encrypted challenge (key mazhe.nerd), unsigned as in the SDK sample', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/feishu/events', headers: { 'content-type': 'application/json' }, payload: fixture('url_verification.encrypted.json') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(fixtureJson<{ expected_challenge_response: unknown }>('url_verification.encrypted.meta.json').expected_challenge_response);
  });

  it('answers the same challenge when signed, and refuses it with a forged signature', async () => {
    const raw = fixture('url_verification.encrypted.json');
    const ts = String(Math.floor(Date.now() / 1000));
    const good = await h.app.inject({
      method: 'POST',
      url: '/feishu/events',
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'abc', 'x-lark-signature': signFeishuBody(ts, 'abc', 'mazhe.nerd', raw) },
      payload: raw,
    });
    expect(good.json()).toEqual({ challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad' });
    const forged = await h.app.inject({
      method: 'POST',
      url: '/feishu/events',
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'abc', 'x-lark-signature': signFeishuBody(ts, 'abc', 'other', raw) },
      payload: raw,
    });
    expect(forged.statusCode).toBe(401);
  });

  it('refuses a plaintext challenge when an encrypt key is set', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/feishu/events', headers: { 'content-type': 'application/json' }, payload: fixture('url_verification.plain.json') });
    expect(res.statusCode).toBe(401);
  });
});

describe('plain url_verification (no encrypt key)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ FEISHU_ENCRYPT_KEY: '' });
  });
  afterAll(() => h.close());

  it('answers the plain challenge carrying the verification token', async () => {
    const body = { ...fixtureJson<Record<string, string>>('url_verification.plain.json'), token: h.sandbox.verificationToken };
    const res = await h.app.inject({ method: 'POST', url: '/feishu/events', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
  });

  it('refuses the plain challenge without the verification token (the SDK sample has none)', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/feishu/events', headers: { 'content-type': 'application/json' }, payload: fixture('url_verification.plain.json') });
    expect(res.statusCode).toBe(401);
  });

  it('handles a plaintext event with the right token end to end', async () => {
    const plain = new FeishuEventPusher({ ...h.sandbox.pusher!.opts, encryptKey: undefined });
    const res = await plain.say(GROUP, '/help');
    expect(res.status).toBe(200);
    const msgs = await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.length === 1);
    expect(titleOf(msgs[0]?.card)).toBe('Tongbu commands');
  });
});

describe('event verification and dedup (encrypted, signed)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
  });
  afterAll(() => h.close());

  /** Sends a valid /help and waits for its reply: everything sent before it has been handled. */
  async function sentinel(expectedTotal: number) {
    const res = await h.sandbox.say(GROUP, '/help');
    expect(res.status).toBe(200);
    return h.sandbox.im.waitForBotMessages(GROUP, (m) => m.length >= expectedTotal);
  }

  it('forged signature → 401, nothing handled or recorded', async () => {
    const before = h.sandbox.im.botMessages(GROUP).length;
    const res = await h.sandbox.pusher!.push(h.sandbox.pusher!.messageEvent(h.sandbox.im.addUserMessage({ chatId: GROUP, openId: 'ou_x', msgType: 'text', content: '{"text":"/help"}' }), 'p2p'), {
      headers: { 'x-lark-signature': 'f'.repeat(64) },
    });
    expect(res.status).toBe(401);
    const unsigned = await h.sandbox.pusher!.push(h.sandbox.pusher!.messageEvent(h.sandbox.im.addUserMessage({ chatId: GROUP, openId: 'ou_x', msgType: 'text', content: '{"text":"/help"}' }), 'p2p'), { sign: false });
    expect(unsigned.status).toBe(401);
    const msgs = await sentinel(before + 1);
    expect(msgs).toHaveLength(before + 1);
    const keys = await seenKeys(h);
    expect(keys).toHaveLength(2 * (before + 1));
  });

  it('wrong verification token → 401', async () => {
    const liar = new FeishuEventPusher({ ...h.sandbox.pusher!.opts, verificationToken: 'not-the-token' });
    const before = h.sandbox.im.botMessages(GROUP).length;
    const res = await liar.say(GROUP, '/help');
    expect(res.status).toBe(401);
    const msgs = await sentinel(before + 1);
    expect(msgs).toHaveLength(before + 1);
  });

  it('stale timestamp → 401 (older than 5 minutes)', async () => {
    const ev = h.sandbox.pusher!.messageEvent(h.sandbox.im.addUserMessage({ chatId: GROUP, openId: 'ou_x', msgType: 'text', content: '{"text":"/help"}' }), 'p2p');
    const res = await h.sandbox.pusher!.push(ev, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(res.status).toBe(401);
  });

  it('undecryptable body (another key, correctly signed) → 401', async () => {
    const raw = JSON.stringify({ encrypt: encryptForFeishu('{"schema":"2.0"}', 'some other key') });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${h.url}/feishu/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': ts, 'x-lark-request-nonce': 'n1', 'x-lark-signature': signFeishuBody(ts, 'n1', h.sandbox.encryptKey, raw) },
      body: raw,
    });
    expect(res.status).toBe(401);
  });

  it('a replayed event (same event_id, then same message_id under a new event_id) is handled once', async () => {
    const before = h.sandbox.im.botMessages(GROUP).length;
    const first = await h.sandbox.say(GROUP, '/help');
    expect(first.status).toBe(200);
    await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.length === before + 1);
    const again = await h.sandbox.pusher!.push(first.envelope);
    expect(again.status).toBe(200);
    const renamed = { ...first.envelope, header: { ...(first.envelope.header as object), event_id: 'a-brand-new-event-id' } };
    expect((await h.sandbox.pusher!.push(renamed)).status).toBe(200);
    const msgs = await sentinel(before + 2);
    expect(msgs).toHaveLength(before + 2);
    expect(msgs.filter((m) => m.parentId === first.message.messageId)).toHaveLength(1);
  });

  it('answers 200 before the work is done (the reply is sent after the HTTP answer)', async () => {
    // The reply hits a rate limit with x-ogw-ratelimit-reset: 1, so it lands a second later;
    // the event's HTTP answer must not wait for it.
    h.sandbox.emulator.faults.push({ match: /POST \/open-apis\/im\/v1\/messages\/.*\/reply/, times: 1, kind: 'rateLimit', resetSeconds: 1 });
    const before = h.sandbox.im.botMessages(GROUP).length;
    const res = await h.sandbox.say(GROUP, '/help');
    expect(res.status).toBe(200);
    expect(h.sandbox.im.botMessages(GROUP)).toHaveLength(before);
    await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.length === before + 1);
  });
});
