// 小鹅通 in the connector contract: 300 orders over ten days (two 7-day slices), 50 a page.
import { createXiaoeEmulator } from '../../../src/sandbox/xiaoe/emulator.js';
import type { ContractFixture } from '../contract.js';

const DAY = 86_400;
/** 2026-02-01 00:00 Asia/Shanghai. */
const FEB1 = Date.UTC(2026, 0, 31, 16) / 1000;
const PATH = /^POST \/xe\.order\.list\.get\/1\.0\.1$/;

export async function xiaoeContract(): Promise<ContractFixture> {
  const emu = createXiaoeEmulator({ orders: 300, from: FEB1, to: FEB1 + 10 * DAY, seed: 12 });
  await emu.listen();
  return {
    env: {
      XIAOE_APP_ID: emu.appId,
      XIAOE_CLIENT_ID: emu.clientId,
      XIAOE_SECRET_KEY: emu.secretKey,
      XIAOE_BASE_URL: emu.baseUrl,
      XIAOE_PAGE_SIZE: '50',
    },
    window: { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 10 * DAY - 1) * 1000) },
    table: 'xiaoe_orders',
    key: 'order_id',
    money: 'price',
    expected() {
      // price is 元 on the wire, as a JSON number: its shortest form is what the platform wrote.
      return new Map(emu.listed(FEB1, FEB1 + 10 * DAY - 1).map((r) => [r.order_id as string, (Math.round(Number(r.price) * 100) / 100).toFixed(2)]));
    },
    tokenRequests: () => emu.counts.token,
    fault(kind, times) {
      const k = kind === 'rateLimited' ? 'rateLimit' : kind === 'malformed' ? 'malformedPage' : kind === 'authExpired' ? 'tokenExpired' : 'serverError';
      emu.faults.push({ match: PATH, times, kind: k });
    },
    close: () => emu.close(),
  };
}
