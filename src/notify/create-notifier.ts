// Builds the notification side of a running Tongbu from its settings: the targets (bot chats
// through the FeishuMessenger, the custom-bot webhook), the broadcaster and the notifier.
// With no targets the same notifier writes alerts to the log only.
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { FeishuMessenger } from '../feishu/messenger.js';
import { FeishuWebhook } from '../feishu/webhook.js';
import { CardBroadcaster } from './card-broadcaster.js';
import { FeishuNotifier } from './feishu-notifier.js';
import type { RetryPolicy } from '../engine/retry.js';

export interface NotificationDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  /**
   * The bot client (FeishuApi), or a function giving it at send time, e.g.
   * `() => services.feishuBot?.api`; without it FEISHU_NOTIFY_CHAT_IDS is ignored (logged).
   */
  messenger?: FeishuMessenger | (() => FeishuMessenger | undefined);
  /** Clock of the alert de-duplication (the webhook signs with the real time). */
  now?: () => Date;
  retry?: RetryPolicy;
}

export interface Notifications {
  notifier: FeishuNotifier;
  broadcaster: CardBroadcaster;
}

export function createNotifications(deps: NotificationDeps): Notifications {
  const { config, log } = deps;
  const chatIds = config.FEISHU_NOTIFY_CHAT_IDS;
  const webhook = config.FEISHU_WEBHOOK_URL
    ? new FeishuWebhook({ url: config.FEISHU_WEBHOOK_URL, secret: config.FEISHU_WEBHOOK_SECRET, log: log.child({ mod: 'feishu-webhook' }), retry: deps.retry })
    : undefined;
  const broadcaster = new CardBroadcaster({ messenger: deps.messenger, chatIds, webhook }, log.child({ mod: 'notify' }), deps.retry);
  const notifier = new FeishuNotifier({ pool: deps.pool, log, broadcaster, repeatMinutes: config.ALERT_REPEAT_MINUTES, now: deps.now });
  return { notifier, broadcaster };
}
