import { bool, cron, int, list, optionalInt, optionalString, url } from './fields.js';

export const douyinLifeSettings = {
  DOUYIN_LIFE_CLIENT_KEY: optionalString(),
  DOUYIN_LIFE_CLIENT_SECRET: optionalString(),
  DOUYIN_LIFE_ACCOUNT_ID: list(),
  /** Real API: https://open.douyin.com. Empty: the emulator (sandbox) or the real host. */
  DOUYIN_LIFE_BASE_URL: url(),
  PAGE_SIZE: int(50, 1, 200),
  USE_CREATE_TIME: bool(true),
  ORDER_STATUS: optionalInt(-1, 100000),
  GET_SECRET_NUMBER: bool(false),
  /** Seconds between scheduled runs (old script); ignored when DOUYIN_LIFE_CRON is set. */
  SYNC_INTERVAL: optionalInt(60, 86400),
  DOUYIN_LIFE_CRON: cron('0 * * * *'),
};
