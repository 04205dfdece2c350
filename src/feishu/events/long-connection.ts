// FEISHU_EVENT_MODE=ws: events arrive over the SDK's long connection (WSClient) instead of
// HTTP, so no public URL is needed. Feishu delivers each event to one random connection of the
// app (up to 50), which suits replicas. Signature and token checks are not needed there (the
// connection is authenticated with the app secret); the same handler, dedup included, runs.
// Card callbacks still use POST /feishu/cards.
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger.js';
import type { FeishuEventData } from './envelope.js';

export interface LongConnection {
  wsClient: lark.WSClient;
  dispatcher: lark.EventDispatcher;
  start(): Promise<void>;
  close(): void;
}

export function createLongConnection(opts: { appId: string; appSecret: string; domain: string; log: Logger; onEvent(event: FeishuEventData): Promise<void> }): LongConnection {
  const log = opts.log.child({ mod: 'feishu-ws' });
  const logger: lark.Logger = {
    error: (...m: unknown[]) => log.error({ sdk: m }, 'feishu long connection error'),
    warn: (...m: unknown[]) => log.warn({ sdk: m }, 'feishu long connection warning'),
    info: (...m: unknown[]) => log.info({ sdk: m }, 'feishu long connection'),
    debug: (...m: unknown[]) => log.debug({ sdk: m }, 'feishu long connection'),
    trace: (...m: unknown[]) => log.trace({ sdk: m }, 'feishu long connection'),
  };
  const dispatcher = new lark.EventDispatcher({ logger, loggerLevel: lark.LoggerLevel.warn }).register({
    // The SDK flattens schema 2.0 events exactly as flattenEvent() does for webhooks. The
    // handler must return within 3 s or Feishu pushes again, so the work is not awaited.
    'im.message.receive_v1': async (data: unknown) => {
      void opts.onEvent(data as FeishuEventData).catch((e: unknown) => log.error({ err: e }, 'handling a Feishu event failed'));
    },
  });
  const wsClient = new lark.WSClient({ appId: opts.appId, appSecret: opts.appSecret, domain: opts.domain.replace(/\/+$/, ''), logger, loggerLevel: lark.LoggerLevel.warn });
  return {
    wsClient,
    dispatcher,
    async start() {
      await wsClient.start({ eventDispatcher: dispatcher });
    },
    close() {
      wsClient.close();
    },
  };
}
