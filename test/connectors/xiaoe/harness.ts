// A real PostgreSQL database, the 小鹅通 emulator on a random port, a token store, and the
// connector's client talking to the emulator over HTTP — what the 小鹅通 tests share. `sync`
// drives the declared stream the way the engine does (slices from the declaration, pages with
// retries and one token renewal, each page's rows in its own transaction, then the welfare
// refresh), using the engine's own modules.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { configFrom, type Config } from '../../../src/config.js';
import { clientFor, ordersStream, xiaoe } from '../../../src/connectors/xiaoe/index.js';
import type { XiaoeClient } from '../../../src/connectors/xiaoe/client.js';
import type { XiaoeSettings } from '../../../src/connectors/xiaoe/settings.js';
import { refreshWelfare, welfareOfSlice, welfareRule, type WelfareRefresh } from '../../../src/connectors/xiaoe/welfare.js';
import { inTransaction } from '../../../src/db/pool.js';
import { settingsOf } from '../../../src/engine/connector.js';
import { addCounts, emptyCounts, upsertRows, type LoadCounts } from '../../../src/engine/loader.js';
import { withRetry } from '../../../src/engine/retry.js';
import type { ConnectorContext, SyncWindow } from '../../../src/engine/types.js';
import { slicesFor } from '../../../src/engine/windows.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { createXiaoeEmulator, type XiaoeEmulator, type XiaoeEmulatorOptions } from '../../../src/sandbox/xiaoe/emulator.js';
import { openTokenStore, type TokenStore } from '../../../src/tokens/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

export const DAY = 86_400;
/** 2026-02-01 00:00 Asia/Shanghai, unix seconds. */
export const FEB1 = Date.UTC(2026, 0, 31, 16) / 1000;

export interface XiaoeHarness {
  db: TestDatabase;
  emu: XiaoeEmulator;
  config: Config;
  settings: XiaoeSettings;
  tokens: TokenStore;
  ctx: ConnectorContext<XiaoeSettings>;
  client: XiaoeClient;
  log: Logger;
  /** Sync a window; then refresh the welfare table at the emulator's clock. */
  /**
   * Sync the window slice by slice, then refresh the welfare. `perSlice`: as the engine does,
   * each slice's welfare entering and late-refund check right after it (welfareOfSlice), and the
   * refresh told that every slice did (its counts and changes include the slices').
   */
  sync(window: SyncWindow, opts?: { maxPages?: number; perSlice?: boolean }): Promise<{ counts: LoadCounts; pages: number; welfare: WelfareRefresh }>;
  welfare(now?: Date): Promise<WelfareRefresh>;
  /** The emulator's now as a Date. */
  now(): Date;
  close(): Promise<void>;
}

export async function xiaoeHarness(opts: { emulator?: XiaoeEmulatorOptions; settings?: Record<string, string | number>; db?: TestDatabase } = {}): Promise<XiaoeHarness> {
  const db = opts.db ?? (await createTestDatabase());
  const emu = createXiaoeEmulator({ orders: 600, from: FEB1, to: FEB1 + 20 * DAY, seed: 7, clockOffsetMs: FEB1 * 1000 + 21 * DAY * 1000 - Date.now(), ...opts.emulator });
  await emu.listen();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-xiaoe-'));
  const config = configFrom({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    TOKEN_ENCRYPTION_KEY: 'test-key-0123456789-0123456789-0123',
    SANDBOX: 'off',
    SYNC_RETRY_BASE_MS: 2,
    XIAOE_APP_ID: emu.appId,
    XIAOE_CLIENT_ID: emu.clientId,
    XIAOE_SECRET_KEY: emu.secretKey,
    XIAOE_BASE_URL: emu.baseUrl,
    ...opts.settings,
  });
  const settings = settingsOf(xiaoe, config) as XiaoeSettings;
  const log = createLogger('silent', { pretty: false });
  const tokens = await openTokenStore({ config, log, pool: db.pool });
  const ctx: ConnectorContext<XiaoeSettings> = { config, settings, log, pool: db.pool, baseUrl: emu.baseUrl, tokens };
  const client = clientFor(ctx);
  const now = () => new Date(emu.clock.now());
  const rule = welfareRule(settings);
  const welfare = (at = now(), slicesCovered = false) => inTransaction(db.pool, (tx) => refreshWelfare(tx, rule, at, slicesCovered));
  return {
    db,
    emu,
    config,
    settings,
    tokens,
    ctx,
    client,
    log,
    now,
    welfare,
    async sync(window, o = {}) {
      let counts = emptyCounts();
      let pages = 0;
      const signal = new AbortController().signal;
      const early = { entered: [] as string[], lateRefunds: [] as string[] };
      for (const slice of slicesFor(window, ordersStream.slice)) {
        for (let page = 1; ; page++) {
          const res = await withRetry(
            () => ordersStream.fetchPage(client, { account: emu.appId, partition: { id: emu.appId }, slice, page }, signal),
            { maxAttempts: config.SYNC_MAX_ATTEMPTS, baseMs: config.SYNC_RETRY_BASE_MS },
            { refreshAuth: () => client.refreshAuth() },
          );
          const rows = ordersStream.toRows(res.records, { account: emu.appId, partition: { id: emu.appId }, client });
          counts = addCounts(counts, await inTransaction(db.pool, (tx) => upsertRows(tx, ordersStream, rows)));
          pages += 1;
          if (o.maxPages && pages >= o.maxPages) return { counts, pages, welfare: { entered: 0, granted: 0, revoked: 0, lateRefunds: 0, changed: [] } };
          if (!res.hasMore) break;
        }
        if (o.perSlice) {
          const r = await inTransaction(db.pool, (tx) => welfareOfSlice(tx, rule, now(), slice));
          early.entered.push(...r.entered);
          early.lateRefunds.push(...r.lateRefunds);
        }
      }
      const r = await welfare(now(), o.perSlice === true);
      const changed = [...new Set([...early.entered, ...early.lateRefunds, ...r.changed])];
      return { counts, pages, welfare: { ...r, entered: r.entered + early.entered.length, lateRefunds: r.lateRefunds + early.lateRefunds.length, changed } };
    },
    async close() {
      await emu.close();
      if (!opts.db) await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Unix seconds → Date. */
export const at = (sec: number) => new Date(sec * 1000);
