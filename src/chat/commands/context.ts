// What a chat command gets to work with, and how a command is declared.
import type { ConnectorDeclaration } from '../../engine/types.js';
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

/** What chat knows of a connector: its declaration's names (help texts and examples come from these). */
export type ConnectorNames = Pick<ConnectorDeclaration, 'name' | 'title' | 'aliases' | 'mirror' | 'commands' | 'chatCommands' | 'operations'>;

/** A connector to show in examples, and a mirrored table: the first declared, or a placeholder. */
export function exampleNames(connectors: readonly ConnectorNames[]): { connector: string; table: string } {
  return {
    connector: connectors[0]?.name ?? '<connector>',
    table: connectors.flatMap((c) => c.mirror ?? [])[0]?.name ?? '<table>',
  };
}

export interface CommandSpec {
  name: string;
  /** Chinese names, shown in /help. */
  aliases: string[];
  summary: string;
  usage: string[];
  /** Examples for /help, with the names of the connectors this Tongbu has. */
  examples(connectors: readonly ConnectorNames[]): string[];
  /** What the invocation does when only admins may do it ("stop tasks"); undefined = anyone. */
  needsAdmin?(cmd: ParsedCommand): string | undefined;
  /** The card to reply with, or undefined when the command replied itself. */
  run(ctx: CommandContext, cmd: ParsedCommand): Promise<Card | undefined>;
}
