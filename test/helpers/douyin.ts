// A real engine on a fresh database, talking to the 抖音来客 emulator over HTTP.
import { configFrom, type Config } from '../../src/config.js';
import { douyinLife } from '../../src/connectors/douyin-life/index.js';
import { Engine } from '../../src/engine/engine.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createDouyinLifeEmulator, type DouyinLifeEmulator, type DouyinLifeEmulatorOptions } from '../../src/sandbox/douyin-life/emulator.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const DAY = 86_400;
/** 2026-02-01 00:00 Asia/Shanghai, in unix seconds. */
export const FEB1 = Date.UTC(2026, 0, 31, 16) / 1000;

export interface DouyinHarness {
  db: TestDatabase;
  emu: DouyinLifeEmulator;
  config: Config;
  services: Services & { engine: Engine };
  engine: Engine;
  close(): Promise<void>;
}

export async function douyinHarness(
  emuOpts: DouyinLifeEmulatorOptions = {},
  settings: Record<string, string | number | boolean | undefined> = {},
  existing?: { db: TestDatabase; emu: DouyinLifeEmulator },
): Promise<DouyinHarness> {
  const db = existing?.db ?? (await createTestDatabase());
  const emu = existing?.emu ?? createDouyinLifeEmulator({ orders: 240, from: FEB1, to: FEB1 + 4 * DAY, seed: 11, ...emuOpts });
  if (!existing) await emu.listen();
  const config = configFrom({
    DATABASE_URL: db.url,
    DOUYIN_LIFE_CLIENT_KEY: emu.clientKey,
    DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret,
    DOUYIN_LIFE_ACCOUNT_ID: emu.accounts.join(','),
    DOUYIN_LIFE_BASE_URL: emu.baseUrl,
    PAGE_SIZE: 20,
    SYNC_RETRY_BASE_MS: 2,
    SANDBOX: 'off',
    ...settings,
  });
  const log = createLogger('silent', { pretty: false });
  const metrics = createMetrics();
  const engine = await Engine.create({ config, log, pool: db.pool, metrics, databaseUrl: db.url, connectors: [douyinLife] });
  const services = { config, log, pool: db.pool, metrics, databaseUrl: db.url, engine };
  return {
    db,
    emu,
    config,
    services,
    engine,
    close: async () => {
      await engine.stop(1000);
      if (!existing) {
        await emu.close();
        await db.drop();
      }
    },
  };
}

/** The emulator's orders in a window, as the rows we expect (id → pay amount in 元). */
export function expectedOrders(emu: DouyinLifeEmulator, from: number, to: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of emu.orders) {
    if (o.create >= from && o.create <= to) out.set(o.record.order_id as string, (Number(o.record.pay_amount) / 100).toFixed(2));
  }
  return out;
}

export async function ordersInDb(h: DouyinHarness): Promise<Map<string, string>> {
  const r = await h.db.pool.query<{ order_id: string; pay_amount: string }>(`SELECT order_id, pay_amount FROM douyin_life_orders`);
  return new Map(r.rows.map((x) => [x.order_id, x.pay_amount]));
}
