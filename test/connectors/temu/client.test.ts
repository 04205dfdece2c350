import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, TemuClient } from '../../../src/connectors/temu/client.js';
import { signParams, stringToSign } from '../../../src/connectors/temu/sign.js';
import { spacingGate } from '../../../src/connectors/temu/rate-gate.js';
import { PlatformError } from '../../../src/engine/types.js';
import { TongbuError } from '../../../src/errors.js';
import { temuHarness, type TemuHarness } from './harness.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/temu/signature.test-vector.json', import.meta.url), 'utf8')) as {
  app_secret: string;
  string_to_sign: string;
  expected_sign: string;
  request_body: Record<string, unknown>;
};

describe('Temu signing', () => {
  it("matches the contract's documented test vector (nested values hashed in the key order they are sent)", () => {
    const { sign: _sign, ...body } = vector.request_body;
    // The documented string hashes the nested list with orderSendInfoList first: sent that way, it signs the same.
    const list = body.sendRequestList as Record<string, unknown>[];
    const sent = { ...body, sendRequestList: list.map((x) => ({ orderSendInfoList: (x.orderSendInfoList as Record<string, unknown>[]).map((o) => ({ quantity: o.quantity, orderSn: o.orderSn, parentOrderSn: o.parentOrderSn, goodsId: o.goodsId, skuId: o.skuId })), carrierId: x.carrierId, trackingNumber: x.trackingNumber })) };
    expect(stringToSign(sent, vector.app_secret)).toBe(vector.string_to_sign);
    expect(signParams(sent, vector.app_secret)).toBe(vector.expected_sign);
  });
});

describe('Temu classify', () => {
  it('ok only with success true and errorCode 1000000', () => {
    expect(classify(200, { success: true, errorCode: 1000000, result: {} }).kind).toBe('ok');
    expect(classify(200, { success: false, errorCode: 1000000 }).kind).toBe('malformed');
    expect(classify(200, { success: true }).kind).toBe('malformed');
  });
  it('maps the codes the engine acts on', () => {
    expect(classify(200, { success: false, errorCode: 4000004, errorMsg: 'RATE_LIMIT_EXCEED_EXCEPTION' }).kind).toBe('rateLimited');
    expect(classify(200, { success: false, errorCode: 3000034 }).kind).toBe('authExpired');
    expect(classify(200, { success: false, errorCode: 4000000 }).kind).toBe('retryable');
    expect(classify(502, undefined).kind).toBe('retryable');
    expect(classify(429, undefined).kind).toBe('rateLimited');
    expect(classify(200, 'nope').kind).toBe('malformed');
    const ip = classify(200, { success: false, errorCode: 5000003, errorMsg: 'IP is not in the whitelist' });
    expect(ip.kind).toBe('fatal');
    expect(ip.message).toMatch(/whitelist/);
  });
});

describe('Temu client against the emulator (HTTP)', () => {
  let h: TemuHarness;
  beforeAll(async () => {
    h = await temuHarness({ emulator: { ordersPerShop: 30 } });
  });
  afterAll(async () => {
    await h.close();
  });
  const client = (shop = 'us-main', over: Partial<ConstructorParameters<typeof TemuClient>[0]> = {}) =>
    new TemuClient({ ctx: h.ctx, shop: { name: shop, region: h.emu.shop(shop).region, token: h.emu.shop(shop).token }, gate: spacingGate(1000), ...over });

  it('sends a flat signed body with a 10-digit timestamp, and reads the token info', async () => {
    const info = await client().tokenInfo();
    expect(info.mallId).toBe(String(h.emu.shop('us-main').mallId));
    expect(info.expiresAt?.getTime()).toBe(h.emu.shop('us-main').expiresAt * 1000);
    const sent = h.emu.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent.type).toBe('bg.open.accesstoken.info.get');
    expect(String(sent.timestamp)).toMatch(/^\d{10}$/);
    expect(sent.data_type).toBe('JSON');
    expect(h.emu.requests.at(-1)?.path).toBe('/us/openapi/router');
  });

  it('a wrong app secret: 3000001, a fatal error naming the secret to check', async () => {
    const bad = h.withSettings({ TEMU_APP_SECRET: 'not-the-secret' });
    const c = new TemuClient({ ctx: bad.ctx, shop: { name: 'us-main', region: 'us', token: h.emu.shop('us-main').token }, gate: spacingGate(1000) });
    const e = await c.tokenInfo().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PlatformError);
    expect((e as PlatformError).kind).toBe('fatal');
    expect((e as PlatformError).info.code).toBe(3000001);
    expect((e as PlatformError).message).toMatch(/signature was refused: check TEMU_APP_SECRET/);
  });

  it('a clock off by more than 300 s: 3000012, telling to fix the clock; 299 s still passes', async () => {
    const off = client('us-main', { now: () => Math.floor(Date.now() / 1000) - 301 });
    const e = (await off.tokenInfo().catch((x: unknown) => x)) as PlatformError;
    expect(e.info.code).toBe(3000012);
    expect(e.message).toMatch(/clock is more than 300 s off real time/);
    await expect(client('us-main', { now: () => Math.floor(Date.now() / 1000) - 290 }).tokenInfo()).resolves.toBeTruthy();
  });

  it("a shop token used on another region's host is unknown there (3000031)", async () => {
    const c = new TemuClient({ ctx: h.ctx, shop: { name: 'us-main', region: 'eu', token: h.emu.shop('us-main').token }, gate: spacingGate(1000) });
    const e = (await c.tokenInfo().catch((x: unknown) => x)) as PlatformError;
    expect(e.info.code).toBe(3000031);
  });

  it('an expired shop token: authExpired, and with no new token stored the refresh says to ask the seller', async () => {
    const shop = h.emu.shop('eu-store');
    const saved = shop.expiresAt;
    shop.expiresAt = h.emu.clock.seconds() - 10;
    try {
      const c = client('eu-store', { reload: async () => ({ name: 'eu-store', region: 'eu', token: shop.token }) });
      const e = (await c.orderPage({ updateAtStart: 0, updateAtEnd: 2_000_000_000, pageNumber: 1, pageSize: 10 }).catch((x: unknown) => x)) as PlatformError;
      expect(e.kind).toBe('authExpired');
      const r = (await c.refreshAuth().catch((x: unknown) => x)) as TongbuError;
      expect(r).toBeInstanceOf(TongbuError);
      expect(r.message).toMatch(/eu-store: the access token expired or was replaced \(3000034\)\. Ask the seller for a new token/);
    } finally {
      shop.expiresAt = saved;
    }
  });

  it('pages the order list newest update first, with totalItemNum', async () => {
    const c = client();
    const p1 = await c.orderPage({ updateAtStart: 0, updateAtEnd: 2_000_000_000, pageNumber: 1, pageSize: 7 });
    expect(p1.total).toBe(30);
    expect(p1.items).toHaveLength(7);
    const times = p1.items.map((i) => Number(i.parentOrderMap.updateTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const sent = h.emu.requests.at(-1)?.body as Record<string, unknown>;
    expect(sent).toMatchObject({ pageNumber: 1, pageSize: 7, updateAtStart: 0, updateAtEnd: 2_000_000_000, sortby: 'updateTime' });
  });

  it('the emulator refuses more than 20 calls a second per app key with 4000004; the gate keeps under it', async () => {
    h.emu.counts.rateLimited = 0;
    const fast = client('us-main', { gate: spacingGate(100_000) });
    const results = await Promise.allSettled(Array.from({ length: 80 }, () => fast.tokenInfo()));
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as PlatformError).kind).toBe('rateLimited');
    await new Promise((r) => setTimeout(r, 1100));
    h.emu.counts.rateLimited = 0;
    const gated = client('us-main', { gate: spacingGate(20) });
    const ok = await Promise.allSettled(Array.from({ length: 30 }, () => gated.tokenInfo()));
    expect(ok.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(h.emu.counts.rateLimited).toBe(0);
  });
});
