// A real PostgreSQL database, the 巨量引擎 emulator on a random port, and a token store talking
// to it over HTTP — what the 巨量本地推 tests (and the token tests) share.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom, type Config } from '../../../src/config.js';
import type { ConnectorContext } from '../../../src/engine/types.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import type { AlertInput, Notifier } from '../../../src/notify/types.js';
import { oceanengineTokenProvider } from '../../../src/connectors/oceanengine-local/settings.js';
import { createOceanengineEmulator, type OceanengineEmulator, type OceanengineEmulatorOptions } from '../../../src/sandbox/oceanengine-local/emulator.js';
import { CONNECTORS } from '../../../src/connectors/index.js';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { settingsOf } from '../../../src/engine/connector.js';
import { openTokenStore, type TokenStore } from '../../../src/tokens/index.js';
import type { Services } from '../../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

/** Keeps what it was told, for assertions (the Feishu notifier is another part's). */
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

export interface Harness {
  db: TestDatabase;
  emu: OceanengineEmulator;
  config: Config;
  metrics: Metrics;
  notifier: RecordingNotifier;
  tokens: TokenStore;
  services: Services & { tokens: TokenStore };
  ctx: ConnectorContext & { tokens: TokenStore };
  dataDir: string;
  /** Another token store on its own pool: a second replica. */
  replica(): Promise<{ tokens: TokenStore; close(): Promise<void> }>;
  authorise(grant?: string): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(
  opts: { emulator?: OceanengineEmulatorOptions; settings?: Record<string, string | number>; log?: Logger } = {},
): Promise<Harness> {
  const db = await createTestDatabase();
  const emu = createOceanengineEmulator(opts.emulator);
  await emu.listen();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-oe-'));
  // The settings the sandbox factory hands the connector: the emulator's app and accounts.
  const config = configFrom({
    DATA_DIR: dataDir,
    TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123',
    OCEANENGINE_APP_ID: emu.appId,
    OCEANENGINE_SECRET: emu.secret,
    OCEANENGINE_ACCOUNT_IDS: emu.accounts.join(','),
    OCEANENGINE_AUTH_BASE_URL: `${emu.baseUrl}/sandbox/oauth/authorize`,
    ...opts.settings,
  });
  const log = opts.log ?? createLogger('silent', { pretty: false });
  const metrics = createMetrics();
  const notifier = new RecordingNotifier();
  const open = (pool = db.pool) =>
    openTokenStore({ config, log, pool, metrics, notifier, providers: [{ provider: oceanengineTokenProvider(settingsOf(oceanengineLocal, config), emu.baseUrl) }] });
  const tokens = await open();
  const services = { config, log, pool: db.pool, metrics, notifier, tokens, connectors: CONNECTORS };
  return {
    db,
    emu,
    config,
    metrics,
    notifier,
    tokens,
    services,
    ctx: { config, settings: settingsOf(oceanengineLocal, config), log, pool: db.pool, baseUrl: emu.baseUrl, tokens },
    dataDir,
    async replica() {
      const { createPool } = await import('../../../src/db/pool.js');
      const pool = createPool(db.url, 4);
      return { tokens: await open(pool), close: () => pool.end() };
    },
    async authorise(grant = 'default') {
      await tokens.authorizeWithCode('oceanengine', grant, emu.issueAuthCode());
    },
    async close() {
      await emu.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
