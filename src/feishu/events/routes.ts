// POST /feishu/events (event subscription) and POST /feishu/cards (card callbacks).
// Feishu wants HTTP 200 within 3 s and retries otherwise, so a verified event is answered at
// once and handled after the reply; a card callback is answered with a toast within 3 s.
// Forged, unsigned, stale or undecryptable requests get 401 and change nothing.
import type { FastifyInstance } from 'fastify';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger.js';
import { flattenEvent, openEnvelope, type CardActionEvent, type CardActionResponse, type EventSecurity, type FeishuEventData } from './envelope.js';

export interface FeishuRouteOptions {
  security: EventSecurity;
  log: Logger;
  /** Runs after the 200 reply; errors are logged. */
  onEvent(event: FeishuEventData): Promise<void>;
  onCardAction(event: CardActionEvent): Promise<CardActionResponse>;
  /** Card callbacks slower than this get a "working on it" toast (Feishu's limit is 3 s). */
  cardTimeoutMs?: number;
}

export async function feishuEventRoutes(app: FastifyInstance, opts: FeishuRouteOptions) {
  const log = opts.log.child({ mod: 'feishu-events' });
  // Keep the raw body: the signature covers the exact bytes Feishu sent (this plugin's routes only).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const open = (raw: unknown, headers: Record<string, string | string[] | undefined>, route: string) => {
    const opened = openEnvelope(typeof raw === 'string' ? raw : '', headers, opts.security);
    if (!opened.ok) log.warn({ route, reason: opened.reason }, `rejected a Feishu request: ${opened.reason}`);
    return opened;
  };

  app.post('/feishu/events', async (req, reply) => {
    const opened = open(req.body, req.headers, 'events');
    if (!opened.ok) return reply.code(opened.status).send({ error: { code: 'FEISHU_EVENT_REJECTED', message: opened.reason } });
    if (opened.payload.type === 'url_verification') {
      // The payload is already decrypted, so the SDK helper needs no key here.
      const { challenge } = lark.generateChallenge(opened.payload, { encryptKey: opts.security.encryptKey ?? '' });
      return reply.send(challenge);
    }
    const event = flattenEvent(opened.payload);
    if (!event) {
      log.warn({ type: opened.payload.type }, 'ignored a Feishu event that is not schema 2.0 (turn on the 2.0 event format)');
      return reply.send({});
    }
    reply.send({});
    setImmediate(() => {
      opts.onEvent(event).catch((e: unknown) => log.error({ err: e, eventType: event.event_type, eventId: event.event_id }, 'handling a Feishu event failed'));
    });
    return reply;
  });

  app.post('/feishu/cards', async (req, reply) => {
    const opened = open(req.body, req.headers, 'cards');
    if (!opened.ok) return reply.code(opened.status).send({ error: { code: 'FEISHU_EVENT_REJECTED', message: opened.reason } });
    if (opened.payload.type === 'url_verification') {
      return reply.send(lark.generateChallenge(opened.payload, { encryptKey: opts.security.encryptKey ?? '' }).challenge);
    }
    const event = flattenEvent(opened.payload) as CardActionEvent | undefined;
    if (!event || event.event_type !== 'card.action.trigger') return reply.send({});
    const timeout = new Promise<CardActionResponse>((resolve) =>
      setTimeout(() => resolve({ toast: { type: 'info', content: 'Working on it…' } }), opts.cardTimeoutMs ?? 2500).unref(),
    );
    const answer = await Promise.race([
      opts.onCardAction(event).catch((e: unknown): CardActionResponse => {
        log.error({ err: e }, 'handling a card callback failed');
        return { toast: { type: 'error', content: 'That did not work; the logs have the details.' } };
      }),
      timeout,
    ]);
    return reply.send(answer);
  });
}
