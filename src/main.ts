// Start: config → database → services → engine → HTTP server → scheduler (STYLE.md §7).
import { buildApp } from './app.js';
import { describeError } from './errors.js';
import type { Config } from './config.js';
import { CONNECTORS } from './connectors/index.js';
import { createFeishuBot } from './chat/bot.js';
import { startMirrorWriter } from './mirror/writer.js';
import { registerChatImport } from './chat/excel-import.js';
import { startFolderWatcher } from './excel/folder-watcher.js';
import { isConnectionLost } from './db/pool.js';
import { createLogger, type Logger } from './logger.js';
import { openServices, type StartOptions } from './open-services.js';
import { withoutUrlPasswords } from './log/error-serializer.js';
import type { Services } from './services.js';
import { connectorRedactPaths, loadSettings } from './engine/connector.js';
import { scheduleDailySummary } from './notify/daily-summary.js';
import { watchDatabase } from './notify/database-outage.js';

export interface RunningService {
  services: Services;
  url: string;
  stop(): Promise<void>;
}

export { openServices, type StartOptions } from './open-services.js';

export async function startService(settings: Config, log: Logger = createLogger(settings.LOG_LEVEL), opts: StartOptions = {}): Promise<RunningService> {
  const { services, close } = await openServices(settings, log, opts);
  const { config } = services; // with the sandbox defaults applied
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let address: string;
  try {
    services.feishuBot = await createFeishuBot(services);
    const bot = services.feishuBot;
    if (bot) {
      // Bitable calls count like the bot's own: the metric and the persisted monthly total.
      const countCall = (kind: string) => {
        services.metrics.feishuCalls.inc({ kind });
        bot.counter.add(kind);
      };
      services.bitable = { client: bot.api.client, countCall };
      registerChatImport(bot, services);
    }
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
  // The mirror writer runs wherever a base is configured; an advisory lock keeps it one per base.
  const mirror = services.bitable && config.BITABLE_APP_TOKEN ? startMirrorWriter(services, services.bitable.client, { countCall: services.bitable.countCall }) : undefined;
  const watcher = config.IMPORT_WATCH ? startFolderWatcher(services) : undefined;
  const summaryTask =
    opts.scheduler === false || !services.broadcaster
      ? undefined
      : scheduleDailySummary({
          pool: services.pool,
          log,
          broadcaster: services.broadcaster,
          connectors: services.connectors ?? CONNECTORS,
          config,
          runs: (name) => services.engine?.runs(name) ?? false,
        });
  const dbWatch = watchDatabase({ pool: services.pool, log, notifier: () => services.notifier });
  log.info({ address }, 'Tongbu is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const t0 = Date.now();
      // Each part gets a share of the 10 s budget; one that overruns (a Bitable call in backoff,
      // say) is left behind with a log line: its work is in the outbox or a checkpoint anyway.
      const step = async (what: string, budgetMs: number, fn: () => Promise<unknown> | unknown) => {
        const t = Date.now();
        let timer: NodeJS.Timeout | undefined;
        const overrun = new Promise<'overrun'>((r) => (timer = setTimeout(() => r('overrun'), budgetMs)));
        const done = Promise.resolve()
          .then(fn)
          .catch((e: unknown) => log.warn({ err: e }, `shutdown: ${what} failed`));
        const result = await Promise.race([done, overrun]);
        clearTimeout(timer);
        if (result === 'overrun') log.warn(`shutdown: ${what} did not stop within ${budgetMs} ms; going on`);
        else log.debug(`shutdown: ${what} in ${Date.now() - t} ms`);
      };
      // Independent parts stop together; the engine (pages in flight) and the pool go last.
      await Promise.all([
        step('daily summary schedule', 1000, () => summaryTask?.stop()),
        step('database watch', 100, () => dbWatch.stop()),
        step('Bitable writer', 2500, () => mirror?.stop()),
        step('folder watcher', 2500, () => watcher?.stop()),
        step('HTTP server', 2500, () => server.close()),
      ]);
      await step('Feishu bot', 1000, () => services.feishuBot?.close());
      await step('engine and database', 6000, close);
      log.info(`stopped in ${Date.now() - t0} ms`);
    })());
  return { services, url: address, stop };
}

/** Requests each sandbox emulator keeps (the most recent ones) while the service runs. */
const SANDBOX_REQUESTS_KEPT = 2000;

/** `npm start`: run until SIGTERM/SIGINT, then stop within 10 s. */
export async function runService(): Promise<void> {
  let config: Config;
  try {
    config = loadSettings(process.env, CONNECTORS);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT, redact: connectorRedactPaths(CONNECTORS) });
  // The sandbox's emulators remember the last requests only (the service may run for weeks).
  // Loaded lazily, as every part of the sandbox is: nothing of it is loaded with SANDBOX=off.
  if (config.SANDBOX !== 'off') (await import('./sandbox/request-recorder.js')).keepRecentRequests(SANDBOX_REQUESTS_KEPT);
  const running = await startService(config, log).catch((e: unknown) => {
    const d = describeError(e);
    log.fatal({ err: e }, `Tongbu could not start: ${d.message} ${d.code === 'INTERNAL' ? '' : d.action}`.trim());
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
  // A crash is logged like any error (short, no client objects), with its stack; the embedded
  // PostgreSQL stops by itself when this process is gone (src/db/embedded.ts).
  const crash = (e: unknown) => {
    log.fatal({ err: e, stack: e instanceof Error && e.stack ? withoutUrlPasswords(e.stack) : undefined }, 'Tongbu crashed');
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  // pg-boss 10 records a job's end without awaiting it (manager.js: `this.complete(...)` /
  // `this.fail(...)`), so a connection cut at that moment surfaces here. That is not a crash:
  // the job is left active, and the engine's liveness check closes it and resumes the run.
  process.on('unhandledRejection', (e) => {
    if (isConnectionLost(e)) log.warn({ err: e }, 'a database call was cut off by a lost connection; runs it touched resume from their checkpoints');
    else crash(e);
  });
}
