// 小鹅通 settings: the app (店铺ID, client id, secret), host, history start, schedules, paging, the
// error codes the platform has not published, and the welfare (福利) rule. In sandbox mode the
// emulator (src/sandbox/xiaoe/sandbox.ts) supplies the app and points the connector at itself.
import { z } from 'zod';
import { bool, cron, enumOf, int, list, optionalString, stringWithDefault, url } from '../../config/fields.js';
import { parseDay } from '../../engine/time.js';

export const XIAOE_REAL_BASE_URL = 'https://api.xiaoe-tech.com';

const day = (def: string) =>
  stringWithDefault(def).refine((v) => parseDay(v) !== undefined, { error: 'must be a date like 2025-01-01' });

export const xiaoeSettings = z.object({
  /** 店铺ID (app_id), e.g. app1a2b3c4d5e6f. */
  XIAOE_APP_ID: optionalString(),
  /** 应用ID (client_id, xop…). */
  XIAOE_CLIENT_ID: optionalString(),
  /** client_secret (secret_key). */
  XIAOE_SECRET_KEY: optionalString(),
  /** Real API: https://api.xiaoe-tech.com. Empty: the emulator (sandbox) or the real host. */
  XIAOE_BASE_URL: url(),
  /** The history the first run fetches starts on this day (Asia/Shanghai). */
  XIAOE_START_DATE: day('2025-01-01'),
  /** New orders: every 30 minutes (Asia/Shanghai). */
  XIAOE_CRON: cron('*/30 * * * *'),
  /** How far back each new-orders run reads (creation time); runs overlap, upserts absorb it. */
  XIAOE_INCREMENTAL_MINUTES: int(120, 30, 1440),
  /** The rescan of recent orders (the list has no update-time filter, so refunds are found by reading again). */
  XIAOE_RESCAN_CRON: cron('15 * * * *'),
  XIAOE_RESCAN_DAYS: int(15, 1, 92),
  /** Orders per page (the API allows at most 200). */
  XIAOE_PAGE_SIZE: int(200, 1, 200),
  /** Fetch a new access token (2 h) when fewer than this many minutes are left. */
  XIAOE_TOKEN_REFRESH_BEFORE_MINUTES: int(10, 1, 110),
  /** Business codes meaning "access_token invalid or expired" (unpublished; the message is read too). */
  XIAOE_AUTH_ERROR_CODES: list().transform((v) => (v.length ? v : ['40001', '40002']).map(Number)),
  /** Business codes meaning "too many requests" (unpublished; HTTP 429 and the message are read too). */
  XIAOE_RATE_LIMIT_CODES: list().transform((v) => (v.length ? v : ['40003']).map(Number)),
  /** Days after payment on which the welfare is decided. */
  XIAOE_WELFARE_DAYS: int(14, 1, 365),
  /** revoke: a partial refund before the decision day revokes the welfare; keep: only a full refund does. */
  XIAOE_WELFARE_PARTIAL_REFUND: enumOf(['revoke', 'keep'] as const, 'revoke'),
  /** Post the welfare card (granted / revoked yesterday, late refunds, with an xlsx) with the daily summary. */
  XIAOE_WELFARE_REPORT: bool(true),
});

export type XiaoeSettings = z.infer<typeof xiaoeSettings>;

/** Names of the old sync script and of the platform's own docs (client_secret). */
export const xiaoeAliases: Record<string, string> = {
  XIAOE_SHOP_ID: 'XIAOE_APP_ID',
  XIAOE_CLIENT_SECRET: 'XIAOE_SECRET_KEY',
  XIAOETONG_APP_ID: 'XIAOE_APP_ID',
  XIAOETONG_CLIENT_ID: 'XIAOE_CLIENT_ID',
  XIAOETONG_SECRET_KEY: 'XIAOE_SECRET_KEY',
};
