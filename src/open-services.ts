// The services without the HTTP server and the workers (STYLE.md §7: config → database →
// services → engine): what `tongbu serve` builds on and what the CLI's heavier commands (sync,
// token refresh) open. Kept out of main.ts so that importing it loads no start-up code.
import type { Config } from './config.js';
import { CONNECTORS } from './connectors/index.js';
import { withFeishuSandboxDefaults } from './chat/sandbox-defaults.js';
import { mappingsOf } from './mirror/deps.js';
import { createMirrorHook } from './mirror/outbox.js';
import { createForceResyncHook, mirrorStatusSection } from './mirror/wiring.js';
import { openDatabase } from './db/database.js';
import { Engine } from './engine/engine.js';
import type { ConnectorDeclaration } from './engine/types.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Services } from './services.js';
import { openTokenStore } from './tokens/index.js';
import { checkConnectorSettings } from './engine/connector.js';
import { tokenStatusContributor } from './ops/tokens.js';
import { createNotifications } from './notify/create-notifier.js';
import { notificationStatus } from './notify/status.js';

export interface StartOptions {
  connectors?: ConnectorDeclaration[];
  /** Seconds between queue polls (tests use less). */
  pollingIntervalSeconds?: number;
  scheduler?: boolean;
  /** Start the emulators of connectors in sandbox mode (default true; CLI commands that only read skip them). */
  emulators?: boolean;
}

/** Everything but the HTTP server and the workers: what the CLI needs too. */
export async function openServices(settings: Config, log: Logger, opts: StartOptions = {}): Promise<{ services: Services; close(): Promise<void> }> {
  const config = withFeishuSandboxDefaults(settings);
  const connectors = opts.connectors ?? CONNECTORS;
  checkConnectorSettings(connectors, config);
  const db = await openDatabase(config, log);
  const services: Services = { config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url, connectors };
  try {
    // Alerts reach the bot's chats once the bot exists (it is created after the engine).
    const notifications = createNotifications({ config, log, pool: db.pool, messenger: () => services.feishuBot?.api });
    services.notifier = notifications.notifier;
    services.broadcaster = notifications.broadcaster;
    services.statusContributors = [notificationStatus, mirrorStatusSection];
    services.forceResync = createForceResyncHook(services);
    services.tokens = await openTokenStore({ config, log, pool: db.pool, metrics: services.metrics, notifierOf: () => services.notifier });
    services.engine = await Engine.create({
      config,
      log,
      pool: db.pool,
      metrics: services.metrics,
      databaseUrl: db.url,
      connectors,
      withEmulators: opts.emulators,
      notifier: services.notifier,
      tokens: services.tokens,
      // Rows that change are queued for the Bitable mirror in the same transaction.
      hook: createMirrorHook(config, mappingsOf(services)),
    });
    if (opts.emulators !== false) await services.engine.prepareAuth();
    services.statusContributors = [...(services.statusContributors ?? []), tokenStatusContributor];
  } catch (e) {
    await db.close();
    throw e;
  }
  services.refreshGauges = async () => {
    await services.engine?.refreshQueueDepth();
    await services.tokens?.refreshGauges();
  };
  return {
    services,
    close: async () => {
      await services.engine?.stop();
      await db.close();
    },
  };
}
