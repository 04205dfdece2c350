// A real PostgreSQL database, the Temu emulator on a random port, and the connector's context
// built from settings the way the engine builds it — what the Temu tests share. Runs go through
// the engine's runner (executeRun) with each shop as its partition.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom, type Config } from '../../../src/config.js';
import { temu } from '../../../src/connectors/temu/index.js';
import type { TemuSettings } from '../../../src/connectors/temu/settings.js';
import { shopPartitions } from '../../../src/connectors/temu/shops.js';
import { settingsOf } from '../../../src/engine/connector.js';
import { executeRun, type RunOutcome } from '../../../src/engine/runner.js';
import { runKey } from '../../../src/engine/runs.js';
import type { ConnectorContext, SyncWindow, WriteHook } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import type { AlertInput, Notifier } from '../../../src/notifier.js';
import { createTemuEmulator, type TemuEmulator, type TemuEmulatorOptions } from '../../../src/sandbox/temu/emulator.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

export class RecordingNotifier implements Notifier {
  alerts: AlertInput[] = [];
  recoveries: { key: string; message: string }[] = [];
  async alert(input: AlertInput) {
    this.alerts.push(input);
  }
  async recover(key: string, message: string) {
    this.recoveries.push({ key, message });
  }
}

export interface TemuHarness {
  db: TestDatabase;
  emu: TemuEmulator;
  config: Config;
  settings: TemuSettings;
  ctx: ConnectorContext<TemuSettings>;
  metrics: Metrics;
  notifier: RecordingNotifier;
  /** One run of `streams` for `shop` over `window` (a backfill unless said otherwise). */
  sync(shop: string, window: SyncWindow, opts?: { streams?: string[]; afterPage?: (pages: number) => boolean; trigger?: 'schedule' | 'cli'; resumeKey?: string }): Promise<RunOutcome>;
  /** Settings changed (same database and emulator). */
  withSettings(extra: Record<string, string>): TemuHarness;
  close(): Promise<void>;
}

export async function temuHarness(
  opts: { emulator?: TemuEmulatorOptions; settings?: Record<string, string>; shops?: 'settings' | 'none'; hook?: (config: Config) => WriteHook } = {},
): Promise<TemuHarness> {
  const db = await createTestDatabase();
  const emu = createTemuEmulator(opts.emulator);
  await emu.listen();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-temu-'));
  const env = emu.env();
  if (opts.shops === 'none') delete env.TEMU_SHOPS;
  const log = createLogger('silent', { pretty: false });
  const metrics = createMetrics();
  const notifier = new RecordingNotifier();

  const build = (extra: Record<string, string>): TemuHarness => {
    const config = configFrom({ DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123', SANDBOX: 'off', ...env, ...opts.settings, ...extra });
    const settings = settingsOf(temu, config) as TemuSettings;
    const ctx: ConnectorContext<TemuSettings> = { config, settings, log, pool: db.pool, baseUrl: emu.baseUrl };
    const hook = opts.hook?.(config);
    let runs = 0;
    const h: TemuHarness = {
      db,
      emu,
      config,
      settings,
      ctx,
      metrics,
      notifier,
      async sync(shop, window, o = {}) {
        const partition = (await shopPartitions(ctx)).find((p) => p.id === shop) ?? { id: shop };
        const kind = o.trigger === 'schedule' ? 'schedule' : 'backfill';
        return executeRun(
          { pool: db.pool, log, metrics, retry: { maxAttempts: 4, baseMs: 5 }, context: ctx as ConnectorContext, notifier, afterPage: o.afterPage, hook },
          {
            connector: temu,
            account: shop,
            partition,
            streams: o.streams,
            window,
            trigger: o.trigger ?? 'cli',
            // A fresh key per call unless resuming is what the test is about (same resumeKey, same window).
            key: `${runKey(temu.name, shop, kind, window, o.streams)}#${o.resumeKey ?? ++runs}`,
            requestedAt: new Date(),
          },
        );
      },
      withSettings: (more) => build({ ...extra, ...more }),
      async close() {
        await emu.close();
        await db.drop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
    return h;
  };
  return build({});
}

/** Unix seconds → Date. */
export const at = (s: number) => new Date(s * 1000);
