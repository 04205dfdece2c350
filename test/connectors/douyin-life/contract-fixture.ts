// 抖音来客 in the connector contract: 240 orders over four days, 20 a page.
import { createDouyinLifeEmulator } from '../../../src/sandbox/douyin-life/emulator.js';
import type { ContractFixture } from '../contract.js';
import { DAY, FEB1, expectedOrders } from '../../helpers/douyin.js';

export async function douyinLifeContract(): Promise<ContractFixture> {
  const emu = createDouyinLifeEmulator({ orders: 240, from: FEB1, to: FEB1 + 4 * DAY - 1, seed: 11 });
  await emu.listen();
  return {
    env: {
      DOUYIN_LIFE_CLIENT_KEY: emu.clientKey,
      DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret,
      DOUYIN_LIFE_ACCOUNT_ID: emu.accounts.join(','),
      DOUYIN_LIFE_BASE_URL: emu.baseUrl,
      DOUYIN_LIFE_PAGE_SIZE: '20',
    },
    window: { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 4 * DAY - 1) * 1000) },
    table: 'douyin_life_orders',
    key: 'order_id',
    money: 'pay_amount',
    expected: () => expectedOrders(emu, FEB1, FEB1 + 4 * DAY - 1),
    tokenRequests: () => emu.tokenRequests,
    fault(kind, times) {
      if (kind === 'rateLimited') emu.faults.rateLimitBurst = times;
      if (kind === 'serverError') emu.faults.serverErrors = times;
      if (kind === 'authExpired') emu.faults.expireTokens = times;
      if (kind === 'malformed') Object.assign(emu.faults, { malformedPage: 2, malformedTimes: times });
    },
    close: () => emu.close(),
  };
}
