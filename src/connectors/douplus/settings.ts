// DOU+ settings. By default DOU+ uses the 巨量引擎 OAuth app and grant of 巨量本地推: that
// product's setting names for them (the open platform's declaration, settingNames) are aliases of
// the DOUPLUS_* ones, so setting only those configures both; DOUPLUS_APP_ID / DOUPLUS_SECRET /
// DOUPLUS_GRANT override them when a 抖音号 is authorised on its own. The old Celery service's
// SYNC_INCREMENTAL_DAYS / SYNC_FULL_DAYS are accepted too.
import { z } from 'zod';
import { cron, enumOf, int, list, optionalString, stringWithDefault, url } from '../../config/fields.js';
import type { OpenPlatformSettingNames } from '../../engine/open-platform.js';

export const douplusSettings = z.object({
  /** 巨量引擎 app (numeric); default the platform's app (巨量本地推's setting). */
  DOUPLUS_APP_ID: optionalString().refine((v) => v === undefined || /^\d+$/.test(v), { error: 'must be the numeric app id' }),
  DOUPLUS_SECRET: optionalString(),
  /** The stored grant DOU+ calls with; default the platform's grant setting (one grant for both products). */
  DOUPLUS_GRANT: stringWithDefault('default'),
  /** Where people authorise the app. Empty: the platform's authorisation page (the emulator's in sandbox mode). */
  DOUPLUS_AUTH_BASE_URL: url(),
  DOUPLUS_OAUTH_REDIRECT_URI: optionalString(),
  DOUPLUS_REFRESH_BEFORE_MINUTES: int(60, 1, 1380),
  /** 抖音号 (aweme_sec_uid), comma-separated. Empty: every 抖音号 the grant lists. */
  DOUPLUS_AWEME_SEC_UIDS: list(),
  /** The API host. Empty: the platform's real host (the emulator in sandbox mode). */
  DOUPLUS_BASE_URL: url(),
  /** Orders: the incremental pass covers orders created in the last N days … */
  DOUPLUS_INCREMENTAL_DAYS: int(7, 1, 90),
  DOUPLUS_ORDERS_CRON: cron('*/5 * * * *'),
  /** … and the daily full pass the last N days. */
  DOUPLUS_FULL_DAYS: int(90, 1, 365),
  DOUPLUS_FULL_CRON: cron('30 3 * * *'),
  /** Effect stats: every 5 minutes, one minute after the bucket closes. */
  DOUPLUS_STATS_CRON: cron('1-59/5 * * * *'),
  /**
   * A stats pass whose window ended longer ago than this is skipped: the report only gives the
   * cumulative figures of now, which must not be filed under a past bucket (a run queued too
   * long, or `/sync douplus <past range>`, which re-reads orders only).
   */
  DOUPLUS_STATS_MAX_LATE_MINUTES: int(10, 1, 10_080),
  /** Yesterday's per-video figures (douplus_video_daily, mirrored to Bitable). */
  DOUPLUS_VIDEO_DAILY_CRON: cron('10 0 * * *'),
  /** An order that ended (or whose status is not known) is followed this many hours more. */
  DOUPLUS_ENDED_FOLLOW_HOURS: int(24, 0, 720),
  /** Orders and report rows per page (the API allows 1–100). */
  DOUPLUS_PAGE_SIZE: int(100, 1, 100),
  /** The API's first page: 1 (the production script's reading) or 0 (a third-party SDK's comment). */
  DOUPLUS_FIRST_PAGE: int(1, 0, 1),
  /** How `group_by` is written in the query: a JSON array (the Go SDK) or CSV (the TypeScript SDK). */
  DOUPLUS_GROUP_BY_FORMAT: enumOf(['json', 'csv'] as const, 'json'),
  /** Unit of stat_cost / custom_convert_cost on the wire (integers in the SDK: 分). */
  DOUPLUS_COST_UNIT: enumOf(['fen', 'yuan'] as const, 'fen'),
  /** Unit of an ad's cpa_bid (the SDK says int64; sources disagree between 分 and 元). */
  DOUPLUS_CPA_BID_UNIT: enumOf(['fen', 'yuan'] as const, 'fen'),
});

export type DouplusSettings = z.infer<typeof douplusSettings>;

/** Setting aliases: the platform's shared settings (its product's names), and the old service's. */
export function douplusAliases(shared: OpenPlatformSettingNames): Record<string, string> {
  return {
    [shared.appId]: 'DOUPLUS_APP_ID',
    [shared.secret]: 'DOUPLUS_SECRET',
    [shared.grant]: 'DOUPLUS_GRANT',
    [shared.authBaseUrl]: 'DOUPLUS_AUTH_BASE_URL',
    [shared.redirectUri]: 'DOUPLUS_OAUTH_REDIRECT_URI',
    [shared.refreshBeforeMinutes]: 'DOUPLUS_REFRESH_BEFORE_MINUTES',
    SYNC_INCREMENTAL_DAYS: 'DOUPLUS_INCREMENTAL_DAYS',
    SYNC_FULL_DAYS: 'DOUPLUS_FULL_DAYS',
  };
}
