// A real PostgreSQL database, the DOU+ emulator on a random port, a token store authorised
// against it over HTTP, and runs through the engine — what the DOU+ tests share. The emulator's
// clock is set some hours behind the real one, on a 5-minute bucket boundary, so a test moves
// through buckets with `step()` while everything the connector reads as "now" stays ahead.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom, type Config } from '../../../src/config.js';
import { douplusTokenProvider } from '../../../src/connectors/douplus/index.js';
import { douplus } from '../../../src/connectors/index.js';
import { oceanengineOpenPlatform } from '../../../src/connectors/oceanengine-local/open-platform.js';
import type { DouplusSettings } from '../../../src/connectors/douplus/settings.js';
import { BUCKET_MS, bucketOf } from '../../../src/connectors/douplus/streams.js';
import { settingsOf } from '../../../src/engine/connector.js';
import { executeRun, type RunOutcome, type RunnerDeps } from '../../../src/engine/runner.js';
import { runKey } from '../../../src/engine/runs.js';
import type { ConnectorContext, SyncWindow } from '../../../src/engine/types.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import { createDouplusEmulator, type DouplusEmulator as DouplusOn, type DouplusEmulatorOptions } from '../../../src/sandbox/douplus/emulator.js';
import { createOceanengineEmulator, type OceanengineEmulator } from '../../../src/sandbox/oceanengine-local/emulator.js';

/** The DOU+ emulator on the 巨量引擎 platform's emulator, as the registry wires it. */
export type DouplusEmulator = DouplusOn<OceanengineEmulator>;
export const douplusEmulator = (opts: DouplusEmulatorOptions = {}): DouplusEmulator => createDouplusEmulator(createOceanengineEmulator, opts);
import { openTokenStore, type TokenStore } from '../../../src/tokens/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { RecordingNotifier } from '../oceanengine-local/harness.js';

export { RecordingNotifier };

export interface DouplusHarness {
  db: TestDatabase;
  emu: DouplusEmulator;
  config: Config;
  settings: DouplusSettings;
  metrics: Metrics;
  notifier: RecordingNotifier;
  tokens: TokenStore;
  ctx: ConnectorContext<DouplusSettings> & { tokens: TokenStore };
  log: Logger;
  /** The emulator's now. */
  now(): Date;
  /** Move the emulator's clock one 5-minute bucket on. */
  step(buckets?: number): void;
  /** The stats window of the emulator's current bucket (what the schedule would run). */
  statsWindow(): SyncWindow;
  ordersWindow(days?: number): SyncWindow;
  run(streams: string[], window: SyncWindow, opts?: { account?: string; deps?: Partial<RunnerDeps>; key?: string }): Promise<RunOutcome>;
  close(): Promise<void>;
}

export async function createDouplusHarness(
  opts: { emulator?: DouplusEmulatorOptions; settings?: Record<string, string>; hoursBehind?: number; log?: Logger } = {},
): Promise<DouplusHarness> {
  const db = await createTestDatabase();
  // The emulator's clock: a bucket boundary (+1 s) some hours ago.
  const start = bucketOf(new Date(Date.now() - (opts.hoursBehind ?? 6) * 3_600_000)).getTime() + 1000;
  const emu = douplusEmulator({ anchor: start, spanHours: 72, ordersPerAccount: 40, ...opts.emulator });
  emu.clock.offsetMs = start - Date.now();
  await emu.listen();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-douplus-'));
  // By default the 巨量引擎 app comes through the OCEANENGINE_* names (DOU+ shares 本地推's app).
  const config = configFrom({
    DATA_DIR: dataDir,
    TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123',
    OCEANENGINE_APP_ID: emu.appId,
    OCEANENGINE_SECRET: emu.secret,
    DOUPLUS_AWEME_SEC_UIDS: emu.awemeSecUids.join(','),
    DOUPLUS_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    // The emulator's clock runs hours behind: its buckets are "late" by that much.
    DOUPLUS_STATS_MAX_LATE_MINUTES: String(((opts.hoursBehind ?? 6) + 2) * 60),
    ...opts.settings,
  });
  const settings = settingsOf(douplus, config) as DouplusSettings;
  const log = opts.log ?? createLogger('silent', { pretty: false });
  const metrics = createMetrics();
  const notifier = new RecordingNotifier();
  const tokens = await openTokenStore({ config, log, pool: db.pool, metrics, notifier, providers: [{ provider: douplusTokenProvider(oceanengineOpenPlatform, settings, emu.baseUrl) }] });
  await tokens.authorizeWithCode('douplus', settings.DOUPLUS_GRANT, emu.issueAuthCode());
  const ctx = { config, settings, log, pool: db.pool, baseUrl: emu.baseUrl, tokens };
  let runs = 0;
  const h: DouplusHarness = {
    db,
    emu,
    config,
    settings,
    metrics,
    notifier,
    tokens,
    ctx,
    log,
    now: () => new Date(emu.clock.now()),
    step(buckets = 1) {
      emu.clock.advance(buckets * BUCKET_MS);
    },
    statsWindow() {
      const b = bucketOf(h.now());
      return { from: b, to: new Date(b.getTime() + BUCKET_MS - 1000) };
    },
    ordersWindow(days = 7) {
      const now = h.now();
      return { from: new Date(now.getTime() - days * 86_400_000), to: now };
    },
    run(streams, window, o = {}) {
      const account = o.account ?? (emu.awemeSecUids[0] as string);
      runs += 1;
      return executeRun(
        { pool: db.pool, log, metrics, retry: { maxAttempts: 3, baseMs: 1 }, context: ctx as ConnectorContext, notifier, ...o.deps },
        { connector: douplus, account, streams, window, trigger: 'cli', key: o.key ?? `${runKey(douplus.name, account, 'backfill', window)}#${streams.join('+')}#${runs}`, requestedAt: new Date() },
      );
    },
    async close() {
      await emu.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return h;
}
