// The command table and the one path every command takes: parse → find → admin check → run →
// reply in the thread. Failures become cards (bad arguments show the right form; anything
// else shows the TongbuError's message and action), never a crash or silence.
import { isTongbuError, TongbuError } from '../../errors.js';
import type { Card } from '../../feishu/messenger.js';
import { card, errorCard, md, note, safeText, usageCard } from './cards.js';
import type { CommandContext, CommandSpec, ConnectorNames } from './context.js';
import { dedupCommand, exportCommand, tokenCommand } from './maintenance.js';
import { parseCommand } from './parse.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { startCommand, stopCommand } from './tasks.js';
import { declaredCommands } from './declared.js';
import { COMMAND_ALIASES } from './parse.js';

const helpCommand: CommandSpec = {
  name: 'help',
  aliases: ['帮助'],
  summary: 'this list',
  usage: ['/help'],
  examples: () => ['/help', '帮助'],
  async run(ctx) {
    return helpCard(ctx.services.connectors ?? []);
  },
};

export const COMMANDS: CommandSpec[] = [helpCommand, statusCommand, syncCommand, stopCommand, startCommand, dedupCommand, tokenCommand, exportCommand];

/** Every command this Tongbu answers: the built-in ones, /overview, and each connector's own. */
function allCommands(connectors: readonly ConnectorNames[]): CommandSpec[] {
  return [...COMMANDS, ...declaredCommands(connectors)];
}

/** The commands with examples, and the connectors by name, title and aliases (from their declarations). */
export function helpCard(connectors: readonly ConnectorNames[] = []): Card {
  const lines = allCommands(connectors).map((c) => `**/${c.name}** (${c.aliases.join(' / ')}) — ${c.summary}\n${c.examples(connectors).map((e) => `\`${e}\``).join('  ')}`);
  const known = connectors.map((c) => `\`${c.name}\` ${safeText(c.title)}${c.aliases?.length ? ` (${c.aliases.map(safeText).join(', ')})` : ''}`);
  return card('Tongbu commands', 'blue', [
    md(lines.join('\n\n')),
    ...(known.length ? [md(`**Connectors**: ${known.join(' · ')}`)] : []),
    note('In a group, @-mention me first. Stop, start, backfills, /token refresh and /dedup clean are for admins. Drop an .xlsx export into the chat to import it.'),
  ]);
}

function refusalCard(what: string): Card {
  return card('Sorry, admins only', 'orange', [md(`Only the bot's admins may ${safeText(what)}.`), note('Ask an admin to run it, or ask to be added to FEISHU_ADMIN_OPEN_IDS.')]);
}

/** Run the command in `text` and reply with its card. Never throws for user mistakes. */
export async function runCommand(ctx: CommandContext, text: string): Promise<void> {
  const specs = allCommands(ctx.services.connectors ?? []);
  const byName = new Map(specs.map((c) => [c.name, c]));
  const aliases = { ...COMMAND_ALIASES, ...Object.fromEntries(specs.flatMap((c) => c.aliases.map((a) => [a, c.name]))) };
  const cmd = parseCommand(text, byName.keys(), aliases);
  if (!cmd) {
    await ctx.reply(helpCard(ctx.services.connectors ?? []));
    return;
  }
  const spec = byName.get(cmd.name);
  if (!spec) {
    const e = new TongbuError('COMMAND_UNKNOWN', cmd.name.slice(0, 40));
    await ctx.reply(card('Unknown command', 'orange', [md(safeText(e.message)), md(`Commands: ${specs.map((c) => `/${c.name}`).join(' ')}`), note(e.action)]));
    return;
  }
  const restricted = spec.needsAdmin?.(cmd);
  if (restricted && !ctx.isAdmin) {
    ctx.log.info({ command: spec.name, user: ctx.senderOpenId }, 'refused an admin-only command');
    await ctx.reply(refusalCard(restricted));
    return;
  }
  let answer: Card | undefined;
  try {
    answer = await spec.run(ctx, cmd);
  } catch (e) {
    if (isTongbuError(e) && e.code === 'COMMAND_BAD_ARGS') answer = usageCard(e.message, spec.usage);
    else {
      if (!isTongbuError(e)) ctx.log.error({ err: e, command: spec.name }, 'a chat command failed');
      answer = errorCard(e);
    }
  }
  if (answer) await ctx.reply(answer);
}
