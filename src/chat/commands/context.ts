// What a chat command gets to work with, and how a command is declared.
import type { Logger } from '../../logger.js';
import type { Services } from '../../services.js';
import type { FeishuCallCounter } from '../../feishu/call-counter.js';
import type { Card } from '../../feishu/messenger.js';
import type { ParsedCommand } from './parse.js';

export interface CommandContext {
  services: Services;
  log: Logger;
  chatId: string;
  chatType: string;
  /** The command's message (replies go in its thread). */
  messageId: string;
  senderOpenId: string;
  isAdmin: boolean;
  /** Reply in the thread of the command; resolves to the reply's message_id. */
  reply(card: Card): Promise<string>;
  /** Replace a card the bot sent. */
  update(messageId: string, card: Card): Promise<void>;
  counter?: FeishuCallCounter;
  /** Follow a sync run and keep its card up to date (see sync.ts). */
  watchRun(runKeys: string[], cardMessageId: string, label: string): void;
}

export interface CommandSpec {
  name: string;
  /** Chinese names, shown in /help. */
  aliases: string[];
  summary: string;
  usage: string[];
  examples: string[];
  /** What the invocation does when only admins may do it ("stop tasks"); undefined = anyone. */
  needsAdmin?(cmd: ParsedCommand): string | undefined;
  /** The card to reply with, or undefined when the command replied itself. */
  run(ctx: CommandContext, cmd: ParsedCommand): Promise<Card | undefined>;
}
