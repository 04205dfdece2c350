import { bool, cron, int, list, optionalString, url } from './fields.js';

/** Notifications: failure alerts, recoveries and the daily summary (docs/notifications.md). */
export const notifySettings = {
  /** Chats (oc_…) the bot app posts alerts and summaries to, comma-separated. */
  FEISHU_NOTIFY_CHAT_IDS: list(),
  /** A custom bot's webhook (https://open.feishu.cn/open-apis/bot/v2/hook/<token>). */
  FEISHU_WEBHOOK_URL: url(),
  /** The custom bot's signing secret (its "签名校验" option); empty: requests are not signed. */
  FEISHU_WEBHOOK_SECRET: optionalString(),
  /** When the daily summary is sent (node-cron, Asia/Shanghai). */
  DAILY_SUMMARY_CRON: cron('30 7 * * *'),
  DAILY_SUMMARY_ENABLED: bool(true),
  /** The same alert (same key) is sent again at most once per this many minutes. */
  ALERT_REPEAT_MINUTES: int(60, 1, 10080),
};
