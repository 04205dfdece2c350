// Start: config → database → services → engine → HTTP server → scheduler (STYLE.md §7).
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { CONNECTORS } from './connectors/index.js';
import { openDatabase } from './db/database.js';
import { Engine } from './engine/engine.js';
import type { ConnectorDeclaration } from './engine/types.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Services } from './services.js';

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
    services.engine = await Engine.create({
      config,
      log,
      pool: db.pool,
      metrics: services.metrics,
      databaseUrl: db.url,
      connectors: opts.connectors ?? CONNECTORS,
      notifier: services.notifier,
    });
  } catch (e) {
    await db.close();
    throw e;
  }
  services.refreshGauges = () => services.engine?.refreshQueueDepth() ?? Promise.resolve();
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
  const app = await buildApp(services);
  let address: string;
  try {
    await services.engine?.start({ pollingIntervalSeconds: opts.pollingIntervalSeconds, scheduler: opts.scheduler });
    address = await app.listen({ port: config.PORT, host: config.HOST });
  } catch (e) {
    await app.close().catch(() => undefined);
    await close();
    throw e;
  }
  log.info({ address }, 'Tongbu is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
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
  const shutdown = (signal: string) => {
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
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
