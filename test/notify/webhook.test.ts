import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { FeishuWebhook, webhookSign } from '../../src/feishu/webhook.js';
import { isTongbuError, type TongbuError } from '../../src/errors.js';
import type { FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import type { CustomWebhookEmulator } from '../../src/sandbox/feishu/custom-bot.js';
import { card, markdown } from '../../src/feishu/cards/card-parts.js';
import { trendChart } from '../../src/feishu/cards/daily-summary-card.js';
import { captureLogger, FAST_RETRY, hookToken, startCustomWebhookEmulator } from './support.js';

const SECRET = 'demo-custom-bot-secret';

describe('custom-bot webhook sender against the emulator', () => {
  let emu: FeishuEmulator;
  let bot: CustomWebhookEmulator;
  beforeAll(async () => {
    ({ emu, bot } = await startCustomWebhookEmulator());
  });
  afterAll(async () => {
    await emu.close();
  });

  const sampleCard = () => card('Tongbu test', 'blue', [markdown('hello')]);

  it('signs as documented: base64(HmacSHA256(key = "timestamp\\nsecret", message = ""))', () => {
    // Written out independently of webhookSign, from the guide's Java/Go samples.
    const expected = createHmac('sha256', Buffer.from(`1599360473\n${SECRET}`, 'utf8')).update(Buffer.alloc(0)).digest('base64');
    expect(webhookSign('1599360473', SECRET)).toBe(expected);
  });

  it('a signed card is accepted by the emulator (which verifies the signature), with the card under `card`', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    const { log } = captureLogger();
    await new FeishuWebhook({ url, secret: SECRET, log, retry: FAST_RETRY }).sendCard(sampleCard());
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    expect(got[0]!.msgType).toBe('interactive');
    expect(got[0]!.card).toEqual(sampleCard());
    expect(got[0]!.body.content).toBeUndefined();
    expect(got[0]!.body.timestamp).toMatch(/^\d{10}$/);
    expect(typeof got[0]!.body.sign).toBe('string');
  });

  it('a hook without a secret gets an unsigned body', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    await new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendText('Tongbu plain');
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    expect(got[0]!.body).toEqual({ msg_type: 'text', content: { text: 'Tongbu plain' } });
  });

  it('a wrong secret is refused with 19021 and raised as NOTIFY_WEBHOOK_SIGN_FAILED without retrying', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    const err = await new FeishuWebhook({ url, secret: 'not-the-secret', log: captureLogger().log, retry: FAST_RETRY }).sendCard(sampleCard()).catch((e: unknown) => e);
    expect(isTongbuError(err)).toBe(true);
    expect((err as TongbuError).code).toBe('NOTIFY_WEBHOOK_SIGN_FAILED');
    expect((err as TongbuError).message).toContain('19021');
    expect((err as TongbuError).action).toContain('FEISHU_WEBHOOK_SECRET');
    expect(bot.hook(token).answers.map((a) => a.code)).toEqual([19021]);
    expect(bot.received(token)).toHaveLength(0);
  });

  it('a timestamp more than an hour off is refused with 19021', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    const skewed = new FeishuWebhook({ url, secret: SECRET, log: captureLogger().log, retry: FAST_RETRY, now: () => Date.now() - 2 * 3600_000 });
    await expect(skewed.sendCard(sampleCard())).rejects.toMatchObject({ code: 'NOTIFY_WEBHOOK_SIGN_FAILED' });
    expect(bot.received(token)).toHaveLength(0);
  });

  it('a missing keyword gives 19024 as NOTIFY_WEBHOOK_KEYWORD; our cards carry "Tongbu"', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { keywords: ['Tongbu'] });
    const sender = new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY });
    await expect(sender.sendText('no keyword here')).rejects.toMatchObject({ code: 'NOTIFY_WEBHOOK_KEYWORD' });
    await sender.sendCard(sampleCard());
    expect(bot.received(token)).toHaveLength(1);
  });

  it('a server outside the IP allowlist gets 19022 as NOTIFY_WEBHOOK_IP_DENIED', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { allowIps: ['203.0.113.7'] });
    await expect(new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendText('Tongbu')).rejects.toMatchObject({ code: 'NOTIFY_WEBHOOK_IP_DENIED' });
    bot.addHook(token, { allowIps: ['127.0.0.1'] });
    await new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendText('Tongbu');
    expect(bot.hook(token).answers.map((a) => a.code)).toEqual([19022, 0]);
  });

  it('11232 (frequency limit) is retried and the card is delivered once', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    emu.faults.push({ match: new RegExp(`POST /open-apis/bot/v2/hook/${token}$`), times: 2, kind: { code: 11232, msg: 'frequency limited' } });
    const { log, lines } = captureLogger();
    await new FeishuWebhook({ url, secret: SECRET, log, retry: FAST_RETRY }).sendCard(sampleCard());
    const calls = emu.requests.filter((r) => r.path.endsWith(token));
    expect(calls.map((c) => c.code)).toEqual([11232, 11232, 0]);
    expect(bot.received(token)).toHaveLength(1);
    expect(lines.filter((l) => l.msg.includes('retrying'))).toHaveLength(2);
  });

  it('HTTP 429 is retried and the card is delivered once', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    emu.faults.push({ match: new RegExp(`POST /open-apis/bot/v2/hook/${token}$`), times: 1, kind: 'rateLimit', resetSeconds: 1 });
    await new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendCard(sampleCard());
    const calls = emu.requests.filter((r) => r.path.endsWith(token));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(bot.received(token)).toHaveLength(1);
  });

  it('gives up with NOTIFY_WEBHOOK_UNAVAILABLE when throttling outlasts the retries', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    emu.faults.push({ match: new RegExp(`POST /open-apis/bot/v2/hook/${token}$`), times: 5, kind: { code: 11232 } });
    await expect(new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendText('Tongbu x')).rejects.toMatchObject({ code: 'NOTIFY_WEBHOOK_UNAVAILABLE' });
    expect(emu.requests.filter((r) => r.path.endsWith(token))).toHaveLength(FAST_RETRY.maxAttempts);
    emu.faults.length = 0;
  });

  it('an unknown hook token is a clear rejection, not retried', async () => {
    await expect(new FeishuWebhook({ url: bot.url('no-such-hook'), log: captureLogger().log, retry: FAST_RETRY }).sendText('Tongbu')).rejects.toMatchObject({ code: 'NOTIFY_WEBHOOK_REJECTED' });
    expect(emu.requests.filter((r) => r.path.endsWith('no-such-hook'))).toHaveLength(1);
  });

  it('stays under 5 per second: 7 quick sends are all accepted, none throttled', async () => {
    const token = hookToken();
    const url = bot.addHook(token, { secret: SECRET });
    const sender = new FeishuWebhook({ url, secret: SECRET, log: captureLogger().log, retry: { maxAttempts: 1, baseMs: 1, maxDelayMs: 1 } });
    await Promise.all(Array.from({ length: 7 }, (_, i) => sender.sendText(`Tongbu ${i}`)));
    expect(bot.received(token)).toHaveLength(7);
    expect(bot.hook(token).answers.every((a) => a.code === 0)).toBe(true);
  });

  it('the emulator throttles a sender that ignores the limit (11232)', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    const bodies = Array.from({ length: 7 }, (_, i) => JSON.stringify({ msg_type: 'text', content: { text: `x${i}` } }));
    const answers = await Promise.all(bodies.map(async (body) => (await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { code: number }));
    expect(answers.filter((a) => a.code === 11232).length).toBeGreaterThanOrEqual(2);
    expect(bot.received(token).length).toBeLessThanOrEqual(5);
  });

  it('a card over 20 KB is shrunk (charts first) and still delivered under the limit', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    const points = Array.from({ length: 400 }, (_, i) => ({ day: `2026-01-${String(i).padStart(3, '0')}`, value: i * 1234.5 }));
    const big = card('Tongbu big', 'blue', [markdown('**head**'), trendChart({ label: 'spend', points }), ...Array.from({ length: 60 }, (_, i) => markdown(`line ${i} ${'详细'.repeat(60)}`))]);
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(20 * 1024);
    await new FeishuWebhook({ url, log: captureLogger().log, retry: FAST_RETRY }).sendCard(big);
    const got = bot.received(token);
    expect(got).toHaveLength(1);
    expect(Buffer.byteLength(JSON.stringify(got[0]!.body))).toBeLessThanOrEqual(20 * 1024);
    const sent = JSON.stringify(got[0]!.card);
    expect(sent).not.toContain('"tag":"chart"');
    expect(sent).toContain('left out');
    expect(sent).toContain('**head**');
  });

  it('the emulator refuses a body over 20 KB with 9499', async () => {
    const token = hookToken();
    const url = bot.addHook(token);
    const body = JSON.stringify({ msg_type: 'text', content: { text: 'x'.repeat(21 * 1024) } });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await res.json()).toEqual({ code: 9499, msg: 'Bad Request', data: {} });
    expect(bot.received(token)).toHaveLength(0);
  });
});
