// The Feishu bot, assembled: client, event routes (or long connection), command intake, and in
// sandbox mode (no FEISHU_APP_ID) the built-in emulator with a page showing what the bot says.
//
// main.ts: services.feishuBot = await createFeishuBot(services); build the app (it registers
// bot.routes); after app.listen(): await bot.start(address); on shutdown: await bot.close().
import type { FastifyInstance } from 'fastify';
import { describeError, TongbuError } from '../errors.js';
import { requestSync } from '../ops/sync.js';
import type { Services } from '../services.js';
import { FeishuCallCounter } from '../feishu/call-counter.js';
import { createLarkClient, FeishuApi } from '../feishu/client.js';
import { helpCard } from './commands/router.js';
import { feishuCallsSection } from './commands/status.js';
import { createRunWatcher, progressCard } from './commands/sync.js';
import { claimEvent, pruneSeenEvents } from '../feishu/events/dedup.js';
import type { CardActionEvent, CardActionResponse, EventSecurity, FeishuEventData } from '../feishu/events/envelope.js';
import { createLongConnection, type LongConnection } from '../feishu/events/long-connection.js';
import { feishuEventRoutes } from '../feishu/events/routes.js';
import { createIntake, type FileHandler } from './intake.js';

// The emulator's modules are loaded in sandbox mode alone (await import below), so a production
// process loads none of them; this names its type without an import statement of the emulator.
// eslint-disable-next-line @typescript-eslint/consistent-type-imports
type FeishuSandbox = import('../sandbox/feishu/sandbox.js').FeishuSandbox;

import { SANDBOX_BITABLE_APP, SANDBOX_GROUP_CHAT } from './sandbox-defaults.js';
export { feishuSandboxed, SANDBOX_ADMIN_OPEN_ID, SANDBOX_BITABLE_APP, SANDBOX_GROUP_CHAT, withFeishuSandboxDefaults } from './sandbox-defaults.js';

export interface FeishuBot {
  mode: 'live' | 'sandbox';
  api: FeishuApi;
  counter: FeishuCallCounter;
  security: EventSecurity;
  /** Present in sandbox mode. */
  sandbox?: FeishuSandbox;
  /** Fastify plugin: POST /feishu/events and POST /feishu/cards. */
  routes(app: FastifyInstance): Promise<void>;
  /** Handle one verified, flattened event (both event modes end here). */
  handleEvent(event: FeishuEventData): Promise<void>;
  /** Where xlsx files sent to the bot go (the Excel importer). */
  onFile(handler: FileHandler): void;
  /** Called once the HTTP server listens: connects the sandbox, or opens the long connection. */
  start(serviceUrl: string): Promise<void>;
  close(): Promise<void>;
}

export interface FeishuBotOptions {
  /** How often a /sync card polls its run (default 2 s). */
  syncPollMs?: number;
  /** How long a /sync card follows its run (default 6 h). */
  syncWatchMaxMs?: number;
  /** Retries of Feishu API calls (tests lower the delays). */
  apiRetry?: { maxAttempts?: number; baseDelayMs?: number };
  /** Sandbox only: the emulator's port (default SANDBOX_PORT, falling back to a free port). */
  sandboxPort?: number;
}

/** The bot, or undefined when there is no FEISHU_APP_ID and SANDBOX=off. */
export async function createFeishuBot(services: Services, opts: FeishuBotOptions = {}): Promise<FeishuBot | undefined> {
  const { config } = services;
  const log = services.log.child({ mod: 'feishu' });
  let sandbox: FeishuSandbox | undefined;
  let appId = config.FEISHU_APP_ID;
  let appSecret = config.FEISHU_APP_SECRET;
  let domain = config.FEISHU_DOMAIN;
  let security: EventSecurity = { verificationToken: config.FEISHU_VERIFICATION_TOKEN, encryptKey: config.FEISHU_ENCRYPT_KEY };

  if (appId) {
    if (!appSecret) throw new TongbuError('CONFIG_INVALID', 'FEISHU_APP_SECRET is empty while FEISHU_APP_ID is set');
    if (config.FEISHU_EVENT_MODE === 'webhook' && !security.verificationToken && !security.encryptKey) {
      throw new TongbuError('CONFIG_INVALID', 'FEISHU_EVENT_MODE=webhook needs FEISHU_VERIFICATION_TOKEN (and ideally FEISHU_ENCRYPT_KEY) to tell real Feishu events from forged ones');
    }
  } else {
    if (config.SANDBOX === 'off') {
      log.info('Feishu bot disabled: FEISHU_APP_ID is empty and SANDBOX=off');
      return undefined;
    }
    const { createFeishuSandbox } = await import('../sandbox/feishu/sandbox.js');
    const { registerBitableEmulator } = await import('../sandbox/feishu/bitable.js');
    sandbox = createFeishuSandbox({ botName: config.FEISHU_BOT_NAME ?? 'Tongbu (sandbox)' });
    sandbox.im.addChat(SANDBOX_GROUP_CHAT, { name: 'Sandbox group', type: 'group' });
    registerBitableEmulator(sandbox.emulator, { apps: [config.BITABLE_APP_TOKEN ?? SANDBOX_BITABLE_APP] });
    sandbox.im.addChat('oc_sandbox_p2p', { name: 'Sandbox one-to-one', type: 'p2p' });
    const port = opts.sandboxPort ?? config.SANDBOX_PORT;
    await sandbox.emulator.listen(port).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EADDRINUSE' || port === 0) throw e;
      return sandbox?.emulator.listen(0);
    });
    appId = sandbox.emulator.appId;
    appSecret = sandbox.emulator.appSecret;
    domain = sandbox.emulator.baseUrl;
    security = { verificationToken: sandbox.verificationToken, encryptKey: sandbox.encryptKey };
  }

  const counter = new FeishuCallCounter(services.pool, log);
  services.statusContributors = [...(services.statusContributors ?? []), feishuCallsSection(counter)];
  const api = new FeishuApi(createLarkClient({ appId, appSecret: appSecret as string, domain, log }), {
    log,
    metrics: services.metrics,
    counter,
    maxAttempts: opts.apiRetry?.maxAttempts,
    baseDelayMs: opts.apiRetry?.baseDelayMs,
  });

  let botId: Promise<string | undefined> | undefined;
  const botOpenId = () =>
    (botId ??= api.botInfo().then(
      (b) => b.openId || undefined,
      (e: unknown) => {
        log.warn({ err: e }, 'could not read the bot identity (bot/v3/info); any @-mention in a group counts as one for the bot');
        botId = undefined;
        return undefined;
      },
    ));

  const watcher = createRunWatcher({ services, log, update: (id, c) => api.updateCard(id, c) }, { everyMs: opts.syncPollMs ?? 2000, maxMs: opts.syncWatchMaxMs ?? 6 * 3600_000 });
  let fileHandler: FileHandler | undefined;
  const handleEvent = createIntake({ services, api, log, counter, botOpenId, fileHandler: () => fileHandler, watchRun: (keys, id, label) => watcher.watch(keys, id, label) });

  // Card buttons carry {action: '<name>'}; the answer replaces the card and shows a toast.
  const onCardAction = async (ev: CardActionEvent): Promise<CardActionResponse> => {
    if (!(await claimEvent(services.pool, [`event:${ev.event_id ?? ''}`]))) return { toast: { type: 'info', content: 'Already done.' } };
    const action = String(ev.action?.value?.action ?? '');
    if (action === 'help') return { toast: { type: 'success', content: 'Here are the commands' }, card: { type: 'raw', data: helpCard(services.connectors ?? []) } };
    if (action === 'retry') return retry(ev);
    return { toast: { type: 'warning', content: 'This button is no longer active.' } };
  };

  // The "retry" button of a failure alert queues the same run again (a backfill: admins only).
  const retry = async (ev: CardActionEvent): Promise<CardActionResponse> => {
    const v = ev.action?.value ?? {};
    const who = ev.operator?.open_id ?? '';
    if (!config.FEISHU_ADMIN_OPEN_IDS.includes(who)) return { toast: { type: 'warning', content: 'Sorry, only admins can queue a sync again.' } };
    try {
      const range = v.from ? `${String(v.from)}..${String(v.to ?? v.from)}` : undefined;
      const queued = await requestSync(services, { connector: String(v.connector ?? ''), account: v.account ? String(v.account) : undefined, range, trigger: 'retry', requestedBy: who });
      const chatId = ev.context?.open_chat_id;
      if (chatId && !queued.alreadyRunning) {
        const window = queued.from === queued.to ? queued.from : `${queued.from}..${queued.to}`;
        const cardId = await api.sendCard(chatId, progressCard(queued.title, window, undefined));
        watcher.watch(queued.runKeys, cardId, `${queued.title}|${window}`);
      }
      return { toast: { type: 'success', content: queued.alreadyRunning ? 'That sync is already running.' : `Queued again: ${queued.title} ${queued.from} → ${queued.to}` } };
    } catch (e) {
      return { toast: { type: 'error', content: describeError(e).message.slice(0, 200) } };
    }
  };

  let ws: LongConnection | undefined;
  // Dedup keys only matter while Feishu may still retry (about 6 h); keep a week, prune daily.
  const prune = () => void pruneSeenEvents(services.pool, 7).catch((e: unknown) => log.warn({ err: e }, 'could not prune feishu_events_seen'));
  let pruneTimer: NodeJS.Timeout | undefined;
  const bot: FeishuBot = {
    mode: sandbox ? 'sandbox' : 'live',
    api,
    counter,
    security,
    sandbox,
    async routes(app) {
      await app.register(feishuEventRoutes, { security, log, onEvent: handleEvent, onCardAction });
    },
    handleEvent,
    onFile(handler) {
      fileHandler = handler;
    },
    async start(serviceUrl) {
      prune();
      pruneTimer = setInterval(prune, 86400_000);
      pruneTimer.unref();
      const base = serviceUrl.replace(/\/+$/, '').replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
      if (sandbox) {
        sandbox.connect({ eventsUrl: `${base}/feishu/events`, cardsUrl: `${base}/feishu/cards` });
        log.info({ url: `${base}/sandbox` }, `Feishu sandbox: no FEISHU_APP_ID, so the bot talks to the built-in emulator; see and talk to it at ${base}/sandbox`);
        return;
      }
      if (config.FEISHU_EVENT_MODE === 'ws') {
        ws = createLongConnection({ appId: appId as string, appSecret: appSecret as string, domain, log, onEvent: handleEvent });
        await ws.start();
        log.info('Feishu events: long connection (FEISHU_EVENT_MODE=ws)');
      } else log.info({ events: `${base}/feishu/events`, cards: `${base}/feishu/cards` }, 'Feishu events: webhook; set these URLs in the app (事件与回调)');
    },
    async close() {
      if (pruneTimer) clearInterval(pruneTimer);
      watcher.close();
      ws?.close();
      await counter.close();
      await sandbox?.emulator.close();
    },
  };
  return bot;
}
