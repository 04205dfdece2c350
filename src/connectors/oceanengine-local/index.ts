// 巨量本地推 (Ocean Engine local push): the daily ad report per local-push account and unit.
// API: https://api.oceanengine.com/open_api/v3.0/local/report/promotion/get/ (contract:
// oceanengine-local.md). Auth: OAuth2 per grant (24 h access / 30 d rotating refresh tokens,
// src/tokens). Partitions: OCEANENGINE_ACCOUNT_IDS (local_account_id). Schedule: 07:00
// Asia/Shanghai, re-pulling the last OCEANENGINE_LOOKBACK_DAYS full days (the platform revises
// them). Units: 元 as float on the wire → numeric(14,2).
import { defineConnector } from '../../engine/connector.js';
import { addDays, dayEnd, dayStart, yesterday } from '../../engine/time.js';
import type { ConnectorContext } from '../../engine/types.js';
import { openTokenStore, type TokenStore } from '../../tokens/index.js';
import { seedSandboxGrant } from './boot.js';
import { OceanengineLocalClient } from './client.js';
import { dailyReportStream } from './daily-report.js';
import { oceanengineLocalDailyMetrics } from './daily-metrics.js';
import { dailyReportExport } from './export.js';
import { OCEANENGINE_LOCAL_DAILY_MIRROR } from './mirror.js';
import { OCEANENGINE_PLATFORM } from './oauth.js';
import { OCEANENGINE_REAL_BASE_URL, oceanengineLocalAliases, oceanengineLocalSettings, oceanengineTokenProvider, type OceanengineLocalSettings } from './settings.js';
import { oceanengineSummary } from './summary.js';

/** The last `lookbackDays` full Asia/Shanghai days, ending yesterday. */
export function reportWindow(now: Date, lookbackDays: number): { from: Date; to: Date } {
  const last = yesterday(now);
  return { from: dayStart(addDays(last, -(lookbackDays - 1))), to: dayEnd(last) };
}

/** The token store a client uses: the service's (with alerts) when the engine passes one. */
function tokenStoreFor(ctx: ConnectorContext<OceanengineLocalSettings>): () => Promise<TokenStore> {
  const given = ctx.tokens;
  let opened: Promise<TokenStore> | undefined;
  return () => {
    if (given) {
      // Normally registered at start from the declaration's OAuth; a context built elsewhere registers it here.
      if (!given.platforms().includes(OCEANENGINE_PLATFORM)) {
        const p = oceanengineTokenProvider(ctx.settings, ctx.baseUrl);
        if (p) given.register(p, ctx.settings.OCEANENGINE_REFRESH_BEFORE_MINUTES * 60_000);
      }
      return Promise.resolve(given);
    }
    return (opened ??= openTokenStore({
      config: ctx.config,
      log: ctx.log,
      pool: ctx.pool,
      providers: [{ provider: oceanengineTokenProvider(ctx.settings, ctx.baseUrl), refreshBeforeMs: ctx.settings.OCEANENGINE_REFRESH_BEFORE_MINUTES * 60_000 }],
    }));
  };
}

export const oceanengineLocal = defineConnector<OceanengineLocalSettings, OceanengineLocalClient>({
  name: 'oceanengine-local',
  title: '巨量本地推',
  aliases: ['oceanengine', '巨量', '本地推'],
  settings: { schema: oceanengineLocalSettings, aliases: oceanengineLocalAliases },
  setup(s) {
    return {
      configured: Boolean(s.OCEANENGINE_APP_ID && s.OCEANENGINE_SECRET),
      accounts: s.OCEANENGINE_ACCOUNT_IDS,
      baseUrl: s.OCEANENGINE_BASE_URL,
      realBaseUrl: OCEANENGINE_REAL_BASE_URL,
    };
  },
  createClient(ctx, partition) {
    return new OceanengineLocalClient({ ctx, account: partition.id, pageSize: ctx.settings.OCEANENGINE_PAGE_SIZE, tokens: tokenStoreFor(ctx) });
  },
  streams: [dailyReportStream],
  schedules(s) {
    return [{ name: 'daily', cron: s.OCEANENGINE_CRON, window: (now) => reportWindow(now, s.OCEANENGINE_LOOKBACK_DAYS) }];
  },
  emulator: () => import('../../sandbox/oceanengine-local/sandbox.js').then((m) => m.start),
  oauth: {
    platform: OCEANENGINE_PLATFORM,
    title: '巨量引擎',
    aliases: ['oceanengine', 'oceanengine-local', '巨量', '巨量引擎', '本地推'],
    provider: oceanengineTokenProvider,
    refreshBeforeMinutes: (s) => s.OCEANENGINE_REFRESH_BEFORE_MINUTES,
    defaultGrant: (s) => s.OCEANENGINE_GRANT,
    signInHint: 'the account that manages the 本地推 accounts',
    async onStart({ tokens, mode, settings, log }) {
      if (mode === 'sandbox') await seedSandboxGrant(tokens, settings.OCEANENGINE_GRANT, log);
    },
  },
  mirror: [OCEANENGINE_LOCAL_DAILY_MIRROR],
  exports: [dailyReportExport],
  redact: ['*.OCEANENGINE_SECRET', '*.JULIANG_SECRET'],
  summary: oceanengineSummary,
  dailyMetrics: oceanengineLocalDailyMetrics,
});
