// DOU+ in the connector contract: two 抖音号, 25 orders each over three days, 10 a page. The
// window is in the past, so a run re-reads orders only (a stats pass is "now": see
// DOUPLUS_STATS_MAX_LATE_MINUTES); the money checked is each order's budget (分 → 元).
import { fenToYuan } from '../../../src/money.js';
import { douplusEmulator } from './harness.js';
import type { ContractFixture } from '../contract.js';

const PATH = /^GET \/open_api\/v3\.0\/douplus\/order\/list\/$/;

export async function douplusContract(): Promise<ContractFixture> {
  const anchor = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
  const emu = douplusEmulator({ anchor, spanHours: 72, ordersPerAccount: 25 });
  await emu.listen();
  const window = { from: new Date(anchor - 72 * 3_600_000), to: new Date(anchor) };
  return {
    env: {
      DOUPLUS_APP_ID: emu.appId,
      DOUPLUS_SECRET: emu.secret,
      DOUPLUS_AWEME_SEC_UIDS: emu.awemeSecUids.join(','),
      DOUPLUS_BASE_URL: emu.baseUrl,
      DOUPLUS_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
      DOUPLUS_PAGE_SIZE: '10',
    },
    window,
    table: 'douplus_orders',
    key: 'order_id',
    money: 'budget',
    expected() {
      const out = new Map<string, string>();
      for (const o of emu.orders) {
        if (o.createdAt >= window.from.getTime() && o.createdAt <= window.to.getTime()) out.set(o.orderId.toString(), fenToYuan(o.budgetFen) as string);
      }
      return out;
    },
    async prepare(tokens) {
      await tokens.authorizeWithCode('douplus', 'default', emu.issueAuthCode());
    },
    tokenRequests: () => emu.counts.accessToken + emu.counts.refresh,
    fault(kind, times) {
      const k = kind === 'rateLimited' ? 'rateLimit' : kind === 'malformed' ? 'malformedPage' : kind === 'authExpired' ? { code: 40102, message: 'access_token 已过期' } : 'serverError';
      emu.faults.push({ match: PATH, times, kind: k });
    },
    close: () => emu.close(),
  };
}
