// DOU+ (抖音 video boosts): orders, 5-minute cumulative effect snapshots per order, and the
// per-video aggregate. Contract: douplus.md; the 巨量引擎 API host (v3.0 `douplus`, the official
// Go SDK ad_open_sdk_go).
// Built on the 巨量引擎 open platform (src/engine/open-platform.ts), which 巨量本地推's folder
//   declares and the registry hands to douplusConnector(): its API host, authorisation page, OAuth
//   protocol, envelope codes and emulator. This folder names none of them.
// Auth: 巨量引擎 OAuth2 (24 h access / 30 d rotating refresh tokens, src/tokens), `Access-Token`
//   header, under DOU+'s own token-store key. By default DOU+ takes the platform's app and grant
//   settings (those of 巨量本地推, settings.ts), so both share one authorisation;
//   DOUPLUS_APP_ID/DOUPLUS_SECRET/DOUPLUS_GRANT override them (`tongbu auth douplus` for a 抖音号
//   authorised on its own).
// Partitions: 抖音号 by aweme_sec_uid (DOUPLUS_AWEME_SEC_UIDS, or every account_string_id the grant
//   lists at /open_api/oauth2/advertiser/get/).
// Rate limit: not published; 40100 and HTTP 429 are treated as rate limiting (engine backoff).
// Cursor: orders are filtered on create time ("YYYY-MM-DD HH:mm:ss", Asia/Shanghai, inclusive),
//   oldest first, 100 per page; incremental every 5 min over DOUPLUS_INCREMENTAL_DAYS (7), a full
//   pass daily over DOUPLUS_FULL_DAYS (90). Stats are not windowed data but "now": each pass is
//   the bucket of its window's end (5-minute buckets, Asia/Shanghai) and writes a snapshot only
//   when an order's figures moved.
// Units: budget, stat_cost, custom_convert_cost in 分 (ints in the SDK; stat_cost's unit is
//   UNCONFIRMED by official text → DOUPLUS_COST_UNIT), cpa_bid 分 (UNCONFIRMED → DOUPLUS_CPA_BID_UNIT),
//   delivery_time hours; all money stored as numeric 元.
// Decisions on UNCONFIRMED facts: first page 1 (DOUPLUS_FIRST_PAGE=0 for the other reading);
//   group_by as a JSON array (DOUPLUS_GROUP_BY_FORMAT=csv); 40108 also means an expired token.
import { defineConnector } from '../../engine/connector.js';
import { dayEnd, dayStart, yesterday } from '../../engine/time.js';
import type { ConnectorContext } from '../../engine/types.js';
import { openTokenStore, type TokenStore } from '../../tokens/index.js';
import type { TokenProvider } from '../../tokens/types.js';
import type { OpenPlatform } from '../../engine/open-platform.js';
import { DOUPLUS_PLATFORM, DouplusClient, douplusClassify } from './client.js';
import { douplusAliases, douplusSettings, type DouplusSettings } from './settings.js';
import { bucketOf, BUCKET_MS, ordersStream, orderStatsStream } from './streams.js';
import { douplusCommand } from './chat.js';
import { douplusDailyMetrics, douplusSummary, videoDailyStream } from './daily.js';
import { DOUPLUS_VIDEO_DAILY_MIRROR } from './mirror.js';
import { douplusRoutes } from './routes.js';
import { videoAggDerived } from './video-agg.js';

export const DOUPLUS_NAME = 'douplus';

export function douplusTokenProvider(platform: OpenPlatform, s: DouplusSettings, baseUrl: string): TokenProvider | undefined {
  if (!s.DOUPLUS_APP_ID || !s.DOUPLUS_SECRET) return undefined;
  // The platform's OAuth under a key of its own: DOU+ may be authorised by another account (the
  // 抖音号), and in sandbox mode its emulator is another party.
  const oauth = platform.oauth({ appId: s.DOUPLUS_APP_ID, secret: s.DOUPLUS_SECRET, baseUrl, authBaseUrl: s.DOUPLUS_AUTH_BASE_URL ?? platform.authPageUrl, redirectUri: s.DOUPLUS_OAUTH_REDIRECT_URI });
  return { ...oauth, platform: DOUPLUS_PLATFORM, title: `DOU+ (${platform.title})` };
}

/** The token store a client uses: the service's when the engine passes one (registering our provider if nobody did). */
function tokenStoreFor(platform: OpenPlatform, ctx: ConnectorContext<DouplusSettings>): () => Promise<TokenStore> {
  const given = ctx.tokens;
  let opened: Promise<TokenStore> | undefined;
  const refreshBeforeMs = ctx.settings.DOUPLUS_REFRESH_BEFORE_MINUTES * 60_000;
  return () => {
    if (given) {
      if (!given.platforms().includes(DOUPLUS_PLATFORM)) {
        const p = douplusTokenProvider(platform, ctx.settings, ctx.baseUrl);
        if (p) given.register(p, refreshBeforeMs);
      }
      return Promise.resolve(given);
    }
    return (opened ??= openTokenStore({ config: ctx.config, log: ctx.log, pool: ctx.pool, providers: [{ provider: douplusTokenProvider(platform, ctx.settings, ctx.baseUrl), refreshBeforeMs }] }));
  };
}

const days = (n: number) => n * 86_400_000;

/** The DOU+ connector on its open platform (the registry passes 巨量引擎's). */
export function douplusConnector(platform: OpenPlatform) {
  const classify = douplusClassify(platform.classify);
  const client = (ctx: ConnectorContext<DouplusSettings>, account: string) => new DouplusClient({ ctx, account, tokens: tokenStoreFor(platform, ctx), classify });
  return defineConnector<DouplusSettings, DouplusClient>({
    name: DOUPLUS_NAME,
    title: 'DOU+',
    aliases: ['DOU+', 'dou+', '抖加', 'doujia'],
    settings: { schema: douplusSettings, aliases: douplusAliases(platform.settingNames) },
    setup(s) {
      return {
        configured: Boolean(s.DOUPLUS_APP_ID && s.DOUPLUS_SECRET),
        accounts: s.DOUPLUS_AWEME_SEC_UIDS,
        baseUrl: s.DOUPLUS_BASE_URL,
        realBaseUrl: platform.realBaseUrl,
      };
    },
    async partitions(ctx) {
      if (ctx.settings.DOUPLUS_AWEME_SEC_UIDS.length) return ctx.settings.DOUPLUS_AWEME_SEC_UIDS.map((id) => ({ id }));
      // Every 抖音号 the grant lists.
      return client(ctx, '').awemeAccounts();
    },
    createClient(ctx, partition) {
      return client(ctx, partition.id);
    },
    streams: [ordersStream, orderStatsStream, videoDailyStream],
    derived: [videoAggDerived],
    schedules(s) {
      return [
        { name: 'incremental', cron: s.DOUPLUS_ORDERS_CRON, streams: ['orders'], window: (now) => ({ from: new Date(now.getTime() - days(s.DOUPLUS_INCREMENTAL_DAYS)), to: now }) },
        { name: 'full', cron: s.DOUPLUS_FULL_CRON, streams: ['orders'], catchUp: false, window: (now) => ({ from: new Date(now.getTime() - days(s.DOUPLUS_FULL_DAYS)), to: now }) },
        // The bucket that just closed (12:06 → 12:05): cumulative figures are "now", so a missed
        // bucket cannot be fetched later and there is nothing to catch up.
        // Yesterday's per-video figures (for the Bitable ranking), from our own aggregate.
        { name: 'video-daily', cron: s.DOUPLUS_VIDEO_DAILY_CRON, streams: ['video_daily'], window: (now) => ({ from: dayStart(yesterday(now)), to: dayEnd(yesterday(now)) }) },
        { name: 'stats', cron: s.DOUPLUS_STATS_CRON, streams: ['order_stats'], catchUp: false, window: (now) => ({ from: bucketOf(now), to: new Date(bucketOf(now).getTime() + BUCKET_MS - 1000) }) },
      ];
    },
    // DOU+'s routes on the platform's emulator, both loaded only in sandbox mode.
    emulator: () => Promise.all([import('../../sandbox/douplus/sandbox.js'), platform.emulator()]).then(([m, base]) => m.startOn(base)),
    oauth: {
      platform: DOUPLUS_PLATFORM,
      title: `DOU+ (${platform.title})`,
      aliases: ['douplus', 'dou+', '抖加'],
      provider: (s, baseUrl) => douplusTokenProvider(platform, s, baseUrl),
      refreshBeforeMinutes: (s) => s.DOUPLUS_REFRESH_BEFORE_MINUTES,
      defaultGrant: (s) => s.DOUPLUS_GRANT,
      signInHint: 'the 抖音号 whose DOU+ orders to sync (or the 巨量引擎 account it is bound to)',
      async onStart({ tokens, mode, settings, log }) {
        if (mode === 'sandbox') await platform.seedSandboxGrant(tokens, settings.DOUPLUS_GRANT, log, DOUPLUS_PLATFORM);
      },
    },
    redact: ['*.DOUPLUS_SECRET'],
    routes: douplusRoutes,
    mirror: [DOUPLUS_VIDEO_DAILY_MIRROR],
    summary: douplusSummary,
    chatCommands: [douplusCommand],
    dailyMetrics: douplusDailyMetrics,
  });
}
