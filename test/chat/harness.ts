// A running bot for end-to-end tests: a fresh database, the Feishu sandbox (emulator + IM +
// event pusher) on a random port, the real SDK pointed at it, and the app listening on a
// random port so events travel over HTTP exactly like Feishu's.
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { configFrom } from '../../src/config.js';
import { CONNECTORS } from '../../src/connectors/index.js';
import { createFeishuBot, type FeishuBot, type FeishuBotOptions } from '../../src/chat/bot.js';
import { createLogger } from '../../src/logger.js';
import { openServices } from '../../src/main.js';
import { createMetrics } from '../../src/metrics.js';
import { createFeishuSandbox, type FeishuSandbox } from '../../src/sandbox/feishu/sandbox.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

export interface BotHarness {
  db: TestDatabase;
  sandbox: FeishuSandbox;
  services: Services;
  bot: FeishuBot;
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export const ADMIN = 'ou_admin_0001';
export const GROUP = 'oc_group_main';
export const P2P = 'oc_p2p_admin';

export interface HarnessOptions extends FeishuBotOptions {
  encryptKey?: string;
  verificationToken?: string;
  /** Run the real sync engine (its 抖音来客 emulator included); `workers: false` leaves runs queued. */
  engine?: { workers: boolean };
}

export async function startBotHarness(settings: Record<string, string> = {}, opts: HarnessOptions = {}): Promise<BotHarness> {
  const db = await createTestDatabase();
  const sandbox = createFeishuSandbox({ encryptKey: opts.encryptKey, verificationToken: opts.verificationToken, botName: 'Tongbu' });
  sandbox.im.addChat(GROUP, { type: 'group' });
  sandbox.im.addChat(P2P, { type: 'p2p' });
  await sandbox.emulator.listen();
  const config = configFrom({
    FEISHU_APP_ID: sandbox.emulator.appId,
    FEISHU_APP_SECRET: sandbox.emulator.appSecret,
    FEISHU_DOMAIN: `${sandbox.emulator.baseUrl}/`,
    FEISHU_VERIFICATION_TOKEN: sandbox.verificationToken,
    FEISHU_ENCRYPT_KEY: sandbox.encryptKey,
    FEISHU_ADMIN_OPEN_IDS: ADMIN,
    ...settings,
  });
  const log = createLogger(process.env.TEST_LOG ?? 'silent', { pretty: false });
  let closeEngine: (() => Promise<void>) | undefined;
  let services: Services;
  if (opts.engine) {
    const opened = await openServices({ ...config, DATABASE_URL: db.url }, log);
    services = opened.services;
    closeEngine = opened.close;
    await services.engine?.start({ workers: opts.engine.workers, scheduler: false, pollingIntervalSeconds: 0.5 });
  } else services = { config, log, pool: db.pool, metrics: createMetrics(), connectors: CONNECTORS };
  const bot = await createFeishuBot(services, { apiRetry: { baseDelayMs: 20 }, syncPollMs: 50, ...opts });
  if (!bot) throw new Error('bot not created');
  services.feishuBot = bot;
  const app = await buildApp(services);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  sandbox.connect({ eventsUrl: `${url}/feishu/events`, cardsUrl: `${url}/feishu/cards` });
  await bot.start(url);
  return {
    db,
    sandbox,
    services,
    bot,
    app,
    url,
    async close() {
      await app.close();
      await bot.close();
      await sandbox.emulator.close();
      await closeEngine?.();
      await db.drop();
    },
  };
}

/** The header title of a card. */
export function titleOf(card: Record<string, unknown> | undefined): string {
  return String(((card?.header as { title?: { content?: string } } | undefined)?.title?.content) ?? '');
}

/** Every markdown/plain text in a card, joined. */
export function textOf(card: Record<string, unknown> | undefined): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.content === 'string') out.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n');
}
