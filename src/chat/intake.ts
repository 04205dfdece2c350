// What the bot does with a verified event: chat allow-list, @-mention check in groups,
// once-only claim in Postgres, then a command or a file. Webhook and long-connection modes
// both end here.
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import type { FeishuCallCounter } from '../feishu/call-counter.js';
import type { FeishuApi } from '../feishu/client.js';
import { card, errorCard, md, note, safeText } from './commands/cards.js';
import type { CommandContext } from './commands/context.js';
import { runCommand } from './commands/router.js';
import { claimEvent } from '../feishu/events/dedup.js';
import type { FeishuEventData, MessageReceiveEvent } from '../feishu/events/envelope.js';
import type { Card } from '../feishu/messenger.js';

/** A file someone sent the bot; the Excel importer registers a handler for these. */
export interface IncomingFile {
  messageId: string;
  fileKey: string;
  fileName: string;
  chatId: string;
  senderOpenId: string;
  /** In FEISHU_ADMIN_OPEN_IDS: may send sheets that change stored data (a cost sheet). */
  isAdmin: boolean;
}
export type FileHandler = (file: IncomingFile) => Promise<Card>;

export interface IntakeDeps {
  services: Services;
  api: FeishuApi;
  log: Logger;
  counter?: FeishuCallCounter;
  /** The bot's open_id, to tell its @-mentions from other people's. */
  botOpenId(): Promise<string | undefined>;
  fileHandler(): FileHandler | undefined;
  watchRun(runKeys: string[], cardMessageId: string, label: string): void;
}

/** Plain text of a text or post (rich text) message; undefined for other kinds. */
function messageText(type: string, content: string): string | undefined {
  try {
    const c = JSON.parse(content) as { text?: string; title?: string; content?: Array<Array<{ tag?: string; text?: string }>> };
    if (type === 'text') return c.text ?? '';
    if (type === 'post') return [c.title ?? '', ...(c.content ?? []).flat().map((el) => (el.tag === 'text' || el.tag === 'a' ? (el.text ?? '') : el.tag === 'at' ? ' @_user_0 ' : ''))].join(' ');
  } catch {
    return undefined;
  }
  return undefined;
}

export function createIntake(deps: IntakeDeps) {
  const { config } = deps.services;
  const allowed = new Set(config.FEISHU_ALLOWED_CHAT_IDS);
  const admins = new Set(config.FEISHU_ADMIN_OPEN_IDS);
  const loggedChats = new Set<string>();

  async function addressedToBot(ev: MessageReceiveEvent): Promise<boolean> {
    if (ev.message.chat_type === 'p2p') return true;
    const mentions = ev.message.mentions ?? [];
    if (!mentions.length) return false;
    const botId = await deps.botOpenId();
    if (botId) return mentions.some((m) => m.id?.open_id === botId);
    // Bot identity unknown (bot/v3/info failed): fall back to the configured name, else any mention.
    const name = config.FEISHU_BOT_NAME;
    return name ? mentions.some((m) => m.name === name) : true;
  }

  function context(ev: MessageReceiveEvent): CommandContext {
    const m = ev.message;
    const sender = ev.sender?.sender_id?.open_id ?? '';
    return {
      services: deps.services,
      log: deps.log,
      chatId: m.chat_id,
      chatType: m.chat_type,
      messageId: m.message_id,
      senderOpenId: sender,
      isAdmin: admins.has(sender),
      counter: deps.counter,
      reply: (c) => deps.api.replyCard(m.message_id, c, { chatId: m.chat_id }),
      update: (id, c) => deps.api.updateCard(id, c),
      watchRun: deps.watchRun,
    };
  }

  async function handleFile(ctx: CommandContext, content: string): Promise<void> {
    const { file_key: fileKey = '', file_name: fileName = '' } = JSON.parse(content) as { file_key?: string; file_name?: string };
    if (!/\.(xlsx?|xlsm|csv)$/i.test(fileName)) {
      // In groups, other files are not for the bot; in a one-to-one chat say what it takes.
      if (ctx.chatType === 'p2p') await ctx.reply(card('Not an Excel file', 'orange', [md(`I import Excel exports (.xlsx or .csv); **${safeText(fileName)}** is not one.`)]));
      return;
    }
    const handler = deps.fileHandler();
    if (!handler) {
      await ctx.reply(card('Excel import is not available yet', 'grey', [md(`I got **${safeText(fileName)}**, but Excel import is not available yet; nothing was imported.`), note('It arrives in a later version.')]));
      return;
    }
    let answer: Card;
    try {
      answer = await handler({ messageId: ctx.messageId, fileKey, fileName, chatId: ctx.chatId, senderOpenId: ctx.senderOpenId, isAdmin: ctx.isAdmin });
    } catch (e) {
      deps.log.error({ err: e, fileName }, 'importing a file from chat failed');
      answer = errorCard(e, `Could not import ${fileName}`);
    }
    await ctx.reply(answer);
  }

  return async function handleEvent(event: FeishuEventData): Promise<void> {
    if (event.event_type !== 'im.message.receive_v1') {
      deps.log.debug({ eventType: event.event_type }, 'ignored a Feishu event type the bot does not handle');
      return;
    }
    const ev = event as MessageReceiveEvent;
    const m = ev.message;
    if (!m?.message_id || !m.chat_id) return;
    if (ev.sender?.sender_type && ev.sender.sender_type !== 'user') return;
    if (allowed.size && !allowed.has(m.chat_id)) {
      if (!loggedChats.has(m.chat_id)) {
        loggedChats.add(m.chat_id);
        deps.log.warn({ chatId: m.chat_id }, 'ignoring messages from a chat not in FEISHU_ALLOWED_CHAT_IDS (logged once per chat)');
      }
      return;
    }
    const isFile = m.message_type === 'file';
    const text = messageText(m.message_type, m.content);
    if (!isFile && text === undefined && m.chat_type !== 'p2p') return;
    if (!isFile && !(await addressedToBot(ev))) return;
    if (!(await claimEvent(deps.services.pool, [`event:${ev.event_id ?? ''}`, `message:${m.message_id}`]))) {
      deps.log.debug({ eventId: ev.event_id, messageId: m.message_id }, 'duplicate Feishu event ignored');
      return;
    }
    const ctx = context(ev);
    if (isFile) return handleFile(ctx, m.content);
    if (text === undefined) {
      await ctx.reply(card('I read text commands', 'grey', [md('Send /help to see what I can do, or drop an .xlsx export to import it.')]));
      return;
    }
    await runCommand(ctx, text);
  };
}
