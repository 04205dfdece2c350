// What a running Tongbu is made of, built once at boot (src/main.ts) and handed to the
// HTTP routes, the CLI and the chat commands. Modules take what they need from here.
import type { CardBroadcaster } from './notify/card-broadcaster.js';
import type { Config } from './config.js';
import type { Pool } from './db/pool.js';
import type { Engine } from './engine/engine.js';
import type { ConnectorDeclaration, SyncWindow } from './engine/types.js';
import type { StatusContributor } from './ops/status.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { FeishuBot } from './feishu/bot.js';
import type { Notifier } from './notify/types.js';
import type { TokenStore } from './tokens/store.js';
import type { BitableDeps } from './feishu/bitable/deps.js';

export interface Services {
  config: Config;
  log: Logger;
  pool: Pool;
  /** Connection string of the database (the job queue opens its own connections). */
  databaseUrl?: string;
  metrics: Metrics;
  /** The connectors this process knows (the registry, or a test's list). */
  connectors?: ConnectorDeclaration[];
  /** Alerts and recoveries (Feishu when configured, else the log). */
  notifier?: Notifier;
  /** The Feishu bot (client, event routes, commands); absent when disabled. Its `api` is the FeishuMessenger. */
  feishuBot?: FeishuBot;
  /** Platform OAuth tokens (src/tokens): encrypted store, row-locked refresh. */
  tokens?: TokenStore;
  /** The sync engine: connectors, queue, schedules. */
  engine?: Engine;
  /** Delete a window's mirrored records in Bitable before a forced re-sync (set by the mirror). */
  forceResync?: (connector: string, window: SyncWindow) => Promise<void>;
  /** Extra /status sections (Feishu API calls, Bitable mirror, tokens). */
  statusContributors?: StatusContributor[];
  /** Refresh gauges read on scrape (queue depth, token expiry). */
  refreshGauges?: () => Promise<void>;
  /** Puts cards (daily summary) into the notification chats and webhook (src/notify/create-notifier.ts). */
  broadcaster?: CardBroadcaster;
  /** Feishu client for the Bitable mirror, /dedup and /status (absent: those say the mirror is off). */
  bitable?: BitableDeps;
}
