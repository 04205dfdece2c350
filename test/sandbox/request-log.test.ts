// The emulators' request log: tests keep every request; the running service's sandbox keeps the
// most recent ones only, so an emulator left running for weeks does not grow without end.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFeishuEmulator, type FeishuEmulator } from '../../src/sandbox/feishu/emulator.js';
import { keepRecentRequests } from '../../src/sandbox/request-recorder.js';

describe('emulator request log', () => {
  let emu: FeishuEmulator;
  beforeAll(async () => {
    emu = createFeishuEmulator();
    await emu.listen();
  });
  afterAll(() => emu.close());
  afterEach(() => keepRecentRequests(Number.POSITIVE_INFINITY));

  const call = (n: number) => fetch(`${emu.baseUrl}/open-apis/bot/v3/info?n=${n}`);

  it('keeps every request by default', async () => {
    emu.requests.length = 0;
    for (let i = 0; i < 60; i++) await call(i);
    expect(emu.requests).toHaveLength(60);
  });

  it('keeps the most recent requests once limited, the last one included', async () => {
    emu.requests.length = 0;
    keepRecentRequests(20);
    for (let i = 0; i < 100; i++) await call(i);
    expect(emu.requests.length).toBeGreaterThanOrEqual(20);
    expect(emu.requests.length).toBeLessThanOrEqual(25);
    const ns = emu.requests.map((r) => Number(r.query.n));
    expect(ns.at(-1)).toBe(99);
    // The oldest went first: what is kept is an unbroken run up to the last request.
    expect(ns).toEqual(Array.from({ length: ns.length }, (_, i) => 100 - ns.length + i));
  });
});
