// 巨量本地推 (Ocean Engine local push): the daily ad report per local-push account and unit.
// API: https://api.oceanengine.com/open_api/v3.0/local/report/promotion/get/ (contract:
// oceanengine-local.md). Auth: OAuth2 per grant (24 h access / 30 d rotating refresh tokens,
// src/tokens). Partitions: OCEANENGINE_ACCOUNT_IDS (local_account_id). Schedule: 07:00
// Asia/Shanghai, re-pulling the last OCEANENGINE_LOOKBACK_DAYS full days (the platform revises
// them). Units: 元 as float on the wire → numeric(14,2).
import { addDays, dayEnd, dayStart, yesterday } from '../../engine/time.js';
import type { ConnectorDeclaration, ConnectorContext } from '../../engine/types.js';
import { openTokenStore, type TokenStore } from '../../tokens/index.js';
import { OceanengineLocalClient } from './client.js';
import { dailyReportStream } from './daily-report.js';
import { OCEANENGINE_REAL_BASE_URL, oceanengineTokenProvider } from './settings.js';
import { OCEANENGINE_LOCAL_DAILY_MIRROR } from './mirror.js';
import { oceanengineSummary } from './summary.js';

/** The last `lookbackDays` full Asia/Shanghai days, ending yesterday. */
export function reportWindow(now: Date, lookbackDays: number): { from: Date; to: Date } {
  const last = yesterday(now);
  return { from: dayStart(addDays(last, -(lookbackDays - 1))), to: dayEnd(last) };
}

/** The token store a client uses: the service's (with alerts) when the engine passes one. */
function tokenStoreFor(ctx: ConnectorContext): () => Promise<TokenStore> {
  const given = ctx.tokens;
  let opened: Promise<TokenStore> | undefined;
  return () => {
    if (given) {
      // Normally registered at boot (boot.ts); a context built elsewhere registers it here.
      if (!given.platforms().includes('oceanengine')) {
        const p = oceanengineTokenProvider(ctx.config, ctx.baseUrl);
        if (p) given.register(p);
      }
      return Promise.resolve(given);
    }
    return (opened ??= openTokenStore({ config: ctx.config, log: ctx.log, pool: ctx.pool, providers: [oceanengineTokenProvider(ctx.config, ctx.baseUrl)] }));
  };
}

export const oceanengineLocal: ConnectorDeclaration<OceanengineLocalClient> = {
  name: 'oceanengine-local',
  title: '巨量本地推',
  aliases: ['oceanengine', '巨量', '本地推'],
  setup(config) {
    return {
      configured: Boolean(config.OCEANENGINE_APP_ID && config.OCEANENGINE_SECRET),
      accounts: config.OCEANENGINE_ACCOUNT_IDS,
      baseUrl: config.OCEANENGINE_BASE_URL,
      realBaseUrl: OCEANENGINE_REAL_BASE_URL,
    };
  },
  createClient(ctx, account) {
    return new OceanengineLocalClient({ ctx, account, pageSize: ctx.config.OCEANENGINE_PAGE_SIZE, tokens: tokenStoreFor(ctx) });
  },
  streams: [dailyReportStream],
  schedule(config) {
    return { cron: config.OCEANENGINE_CRON, window: (now) => reportWindow(now, config.OCEANENGINE_LOOKBACK_DAYS) };
  },
  summary: oceanengineSummary,
  mirror: [OCEANENGINE_LOCAL_DAILY_MIRROR],
};
