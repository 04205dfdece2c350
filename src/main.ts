// Start: config → database → services → HTTP server → scheduler (STYLE.md §7).
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { openDatabase } from './db/database.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { Services } from './services.js';

export interface RunningService {
  services: Services;
  url: string;
  stop(): Promise<void>;
}

export async function startService(config: Config, log: Logger = createLogger(config.LOG_LEVEL)): Promise<RunningService> {
  const db = await openDatabase(config, log);
  const services: Services = { config, log, pool: db.pool, metrics: createMetrics() };
  const app = await buildApp(services);
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  log.info({ address }, 'Tongbu is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app.close();
      await db.close();
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
