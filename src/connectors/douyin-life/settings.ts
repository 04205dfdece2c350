// 抖音来客 settings. The old single-platform script's `.env` names (APPID, AppSecret, ACCOUNT_ID,
// SYNC_DAYS, START_DATE, PAGE_SIZE, USE_CREATE_TIME, ORDER_STATUS, SYNC_INTERVAL, …) are accepted
// as aliases, so that file works unchanged.
import { z } from 'zod';
import { bool, cron, int, list, optionalInt, optionalString, url } from '../../config/fields.js';

export const douyinLifeSettings = z.object({
  DOUYIN_LIFE_CLIENT_KEY: optionalString(),
  DOUYIN_LIFE_CLIENT_SECRET: optionalString(),
  DOUYIN_LIFE_ACCOUNT_ID: list(),
  /** Real API: https://open.douyin.com. Empty: the emulator (sandbox) or the real host. */
  DOUYIN_LIFE_BASE_URL: url(),
  DOUYIN_LIFE_PAGE_SIZE: int(50, 1, 200),
  /** Window on create time (true) or update time (false). */
  DOUYIN_LIFE_USE_CREATE_TIME: bool(true),
  DOUYIN_LIFE_ORDER_STATUS: optionalInt(-1, 100000),
  DOUYIN_LIFE_GET_SECRET_NUMBER: bool(false),
  /** The scheduled window: the last N days, or a fixed date(-time) or unix-seconds range. */
  DOUYIN_LIFE_SYNC_DAYS: int(7, 1, 3650),
  DOUYIN_LIFE_START_DATE: optionalString(),
  DOUYIN_LIFE_END_DATE: optionalString(),
  DOUYIN_LIFE_START_TIME: optionalString(),
  DOUYIN_LIFE_END_TIME: optionalString(),
  /** Seconds between scheduled runs (old script); ignored when DOUYIN_LIFE_CRON is set. */
  DOUYIN_LIFE_SYNC_INTERVAL: optionalInt(60, 86400),
  DOUYIN_LIFE_CRON: cron('0 * * * *'),
});

export type DouyinLifeSettings = z.infer<typeof douyinLifeSettings>;

export const douyinLifeAliases: Record<string, string> = {
  APPID: 'DOUYIN_LIFE_CLIENT_KEY',
  AppSecret: 'DOUYIN_LIFE_CLIENT_SECRET',
  APP_SECRET: 'DOUYIN_LIFE_CLIENT_SECRET',
  ACCOUNT_ID: 'DOUYIN_LIFE_ACCOUNT_ID',
  PAGE_SIZE: 'DOUYIN_LIFE_PAGE_SIZE',
  USE_CREATE_TIME: 'DOUYIN_LIFE_USE_CREATE_TIME',
  ORDER_STATUS: 'DOUYIN_LIFE_ORDER_STATUS',
  GET_SECRET_NUMBER: 'DOUYIN_LIFE_GET_SECRET_NUMBER',
  SYNC_DAYS: 'DOUYIN_LIFE_SYNC_DAYS',
  START_DATE: 'DOUYIN_LIFE_START_DATE',
  END_DATE: 'DOUYIN_LIFE_END_DATE',
  START_TIME: 'DOUYIN_LIFE_START_TIME',
  END_TIME: 'DOUYIN_LIFE_END_TIME',
  SYNC_INTERVAL: 'DOUYIN_LIFE_SYNC_INTERVAL',
};
