// Start: config → database → services → engine → HTTP server → scheduler (STYLE.md §7).
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { CONNECTORS } from './connectors/index.js';
import { createFeishuBot } from './feishu/bot.js';
import { openDatabase } from './db/database.js';
import { Engine } from './engine/engine.js';
import type { ConnectorDeclaration } from './engine/types.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Services } from './services.js';
import { openTokenStore } from './tokens/index.js';
import { prepareOceanengineTokens } from './connectors/oceanengine-local/boot.js';
import { tokenStatusContributor } from './ops/tokens.js';

export interface RunningService {
  services: Services;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  connectors?: ConnectorDeclaration[];
  /** Seconds between queue polls (tests use less). */
  pollingIntervalSeconds?: number;
  scheduler?: boolean;
}

/** Everything but the HTTP server and the workers: what the CLI needs too. */
export async function openServices(config: Config, log: Logger, opts: StartOptions = {}): Promise<{ services: Services; close(): Promise<void> }> {
  const db = await openDatabase(config, log);
  const services: Services = { config, log, pool: db.pool, metrics: createMetrics(), databaseUrl: db.url };
  try {
    // The notifier may be attached after this; the store reads it when it alerts.
    services.tokens = await openTokenStore({ config, log, pool: db.pool, metrics: services.metrics, notifierOf: () => services.notifier });
    services.engine = await Engine.create({
      config,
      log,
      pool: db.pool,
      metrics: services.metrics,
      databaseUrl: db.url,
      connectors: opts.connectors ?? CONNECTORS,
      notifier: services.notifier,
      tokens: services.tokens,
    });
    await prepareOceanengineTokens(services);
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

export async function startService(config: Config, log: Logger = createLogger(config.LOG_LEVEL), opts: StartOptions = {}): Promise<RunningService> {
  const { services, close } = await openServices(config, log, opts);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let address: string;
  try {
    services.feishuBot = await createFeishuBot(services);
    app = await buildApp(services);
    await services.engine?.start({ pollingIntervalSeconds: opts.pollingIntervalSeconds, scheduler: opts.scheduler });
    address = await app.listen({ port: config.PORT, host: config.HOST });
    await services.feishuBot?.start(address);
  } catch (e) {
    await app?.close().catch(() => undefined);
    await services.feishuBot?.close().catch(() => undefined);
    await close();
    throw e;
  }
  const server = app;
  log.info({ address }, 'Tongbu is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await server.close();
      await services.feishuBot?.close();
      await close();
    })());
  return { services, url: address, stop };
}

/** `npm start`: run until SIGTERM/SIGINT, then stop within 10 s. */
export async function runService(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.LOG_LEVEL);
  const running = await startService(config, log).catch((e: Error) => {
    log.fatal({ err: e }, `Tongbu could not start: ${e.message}`);
    process.exit(1);
  });
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down: finishing the page in flight');
    const timer = setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    running.stop().then(
      () => process.exit(0),
      (e) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
