// The services a read-only CLI command uses (`tongbu status`, `task`, `token status`): a pool,
// the token store and the connectors' runtimes (names, modes, schedules), nothing that runs.
// No job queue (pg-boss), no emulator, no OAuth start-up, no migrations, no metrics registry (an
// inert one, src/metrics-inert.ts). A schema behind this code is refused with DB_SCHEMA_BEHIND,
// so a read never changes the database's shape; nor does it write a row (`readOnly` below), so it
// answers from a read-only connection too (a replica, a read-only role).
import type { Config } from './config.js';
import { CONNECTORS } from './connectors/index.js';
import { withFeishuSandboxDefaults } from './chat/sandbox-defaults.js';
import { openDatabase } from './db/database.js';
import { checkConnectorSettings } from './engine/connector.js';
import { Engine } from './engine/engine.js';
import type { ConnectorDeclaration } from './engine/types.js';
import type { Logger } from './logger.js';
import { inertMetrics } from './metrics-inert.js';
import { mirrorStatusSection } from './mirror/wiring.js';
import { createNotifications } from './notify/create-notifier.js';
import { notificationStatus } from './notify/status.js';
import { tokenStatusContributor } from './ops/tokens.js';
import type { Services } from './services.js';
import { openTokenStore } from './tokens/index.js';

export async function openLightServices(settings: Config, log: Logger, opts: { connectors?: ConnectorDeclaration[] } = {}): Promise<{ services: Services; close(): Promise<void> }> {
  const config = withFeishuSandboxDefaults(settings);
  const connectors = opts.connectors ?? CONNECTORS;
  checkConnectorSettings(connectors, config);
  const db = await openDatabase(config, log, { migrate: false });
  const services: Services = { config, log, pool: db.pool, metrics: inertMetrics(), databaseUrl: db.url, connectors };
  try {
    // The notification targets, for the status section (nothing is sent from here).
    const notifications = createNotifications({ config, log, pool: db.pool, messenger: () => undefined });
    services.notifier = notifications.notifier;
    services.broadcaster = notifications.broadcaster;
    services.tokens = await openTokenStore({ config, log, pool: db.pool, metrics: services.metrics, notifierOf: () => services.notifier });
    // Engine.create resolves modes and schedules only; the queue starts in engine.start(), never called here.
    services.engine = await Engine.create({ config, log, pool: db.pool, metrics: services.metrics, databaseUrl: db.url, connectors, withEmulators: false, readOnly: true, notifier: services.notifier, tokens: services.tokens });
    services.statusContributors = [notificationStatus, mirrorStatusSection, tokenStatusContributor];
  } catch (e) {
    await db.close();
    throw e;
  }
  return {
    services,
    close: async () => {
      await services.engine?.stop();
      await db.close();
    },
  };
}
