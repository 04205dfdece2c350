// 巨量本地推 in the connector contract: two accounts, 25 units a day, 10 a page, four days.
import { addDays, dayEnd, dayStart } from '../../../src/engine/time.js';
import { createOceanengineEmulator } from '../../../src/sandbox/oceanengine-local/emulator.js';
import type { ContractFixture } from '../contract.js';

const PATH = /^GET \/open_api\/v3\.0\/local\/report\/promotion\/get\/$/;

export async function oceanengineLocalContract(): Promise<ContractFixture> {
  const emu = createOceanengineEmulator({ unitsPerAccount: 25 });
  await emu.listen();
  const days = [0, 1, 2, 3].map((i) => addDays('2026-02-01', i));
  return {
    env: {
      OCEANENGINE_APP_ID: emu.appId,
      OCEANENGINE_SECRET: emu.secret,
      OCEANENGINE_ACCOUNT_IDS: emu.accounts.join(','),
      OCEANENGINE_BASE_URL: emu.baseUrl,
      OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
      OCEANENGINE_PAGE_SIZE: '10',
    },
    window: { from: dayStart(days[0] as string), to: dayEnd(days[3] as string) },
    table: 'oceanengine_local_daily',
    key: `to_char(stat_date, 'YYYY-MM-DD') || ':' || account_id || ':' || unit_id`,
    money: 'spend',
    expected() {
      const out = new Map<string, string>();
      for (const account of emu.accounts) {
        for (const day of days) {
          for (const r of emu.rows(account, day)) {
            out.set(`${day}:${account}:${r.unit.promotionId.toString()}`, `${Math.floor(r.costCents / 100)}.${String(r.costCents % 100).padStart(2, '0')}`);
          }
        }
      }
      return out;
    },
    async prepare(tokens) {
      await tokens.authorizeWithCode('oceanengine', 'default', emu.issueAuthCode());
    },
    tokenRequests: () => emu.counts.accessToken + emu.counts.refresh,
    fault(kind, times) {
      const k = kind === 'rateLimited' ? 'rateLimit' : kind === 'malformed' ? 'malformedPage' : kind === 'authExpired' ? { code: 40102, message: 'access_token 已过期' } : 'serverError';
      emu.faults.push({ match: PATH, times, kind: k });
    },
    close: () => emu.close(),
  };
}
