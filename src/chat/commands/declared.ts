// Commands that come from elsewhere than this folder: each connector's own (its declaration's
// `commands`, answered with a report card and its attachment as an .xlsx in the thread, and its
// chat-only `chatCommands`, answered with lines and a chart), and /overview across platforms.
import type { ChatAnswer } from '../../engine/types.js';
import { TongbuError } from '../../errors.js';
import { trendChart } from '../../feishu/cards/daily-summary-card.js';
import { reportCard } from '../../feishu/cards/report-card.js';
import type { Card } from '../../feishu/messenger.js';
import { formatYuan } from '../../money.js';
import { runConnectorCommand, runOperation } from '../../ops/connector-commands.js';
import { sheetWorkbook } from '../../excel/sheet-workbook.js';
import { getOverview } from '../../ops/overview.js';
import { card, md, note, safeText } from './cards.js';
import type { CommandContext, CommandSpec, ConnectorNames } from './context.js';
import type { ParsedCommand } from './parse.js';

function answerCard(a: ChatAnswer): Card {
  return card(a.title, 'blue', [
    md(a.lines.join('\n') || 'Nothing for this period.'),
    ...(a.chart && a.chart.points.length ? [trendChart({ label: a.chart.label, points: a.chart.points.map((p) => ({ day: p.label, value: p.value })) })] : []),
    ...(a.note ? [note(a.note)] : []),
  ]);
}

/** Flags typed in chat (`--day 2026-11-10` is not chat's way; `--json` has no meaning there): words only. */
async function runDeclared(ctx: CommandContext, name: string, args: string[]): Promise<Card> {
  const { report } = await runConnectorCommand(ctx.services, name, { args, flags: {} });
  const api = ctx.services.feishuBot?.api;
  if (report.attachment && api) {
    const buffer = await sheetWorkbook(report.title, report.attachment.sheet);
    const fileKey = await api.uploadFile(report.attachment.fileName, buffer);
    await api.sendFile({ replyTo: ctx.messageId }, fileKey);
  }
  return reportCard(report);
}

/** An operation parses its own words, flags with their values included (`--name N`). */
function wordsOf(cmd: ParsedCommand): string[] {
  return cmd.text.replace(/^\/+\s*/, '').split(' ').filter(Boolean).slice(1);
}

export const overviewCommand: CommandSpec = {
  name: 'overview',
  aliases: ['总览'],
  summary: 'revenue, refunds, ad spend and ROI across platforms, in 元',
  usage: ['/overview [today|yesterday|7d|30d|YYYY-MM]'],
  examples: () => ['/overview', '/overview 7d', '总览 2026-11'],
  async run(ctx, cmd) {
    const o = await getOverview(ctx.services, cmd.args.join(' ') || undefined);
    const t = o.totals;
    const c = o.compare;
    const vs = (now: string, before: string) => (Number(before) ? `${(((Number(now) - Number(before)) / Math.abs(Number(before))) * 100).toFixed(1)}%` : '—');
    return card(`Overview ${o.period.from === o.period.to ? o.period.from : `${o.period.from} – ${o.period.to}`}`, 'blue', [
      md(
        [
          `**Revenue** ${formatYuan(t.revenue)} · **Refunds** ${formatYuan(t.refunds)} · **Ad spend** ${formatYuan(t.adSpend)} · **ROI** ${t.roi ?? '—'} · **Orders** ${t.orders}`,
          `${c.day.day}: revenue ${formatYuan(c.day.revenue)} (day before ${vs(c.day.revenue, c.dayBefore.revenue)}, last week ${vs(c.day.revenue, c.weekBefore.revenue)}), ad spend ${formatYuan(c.day.adSpend)} (day before ${vs(c.day.adSpend, c.dayBefore.adSpend)}, last week ${vs(c.day.adSpend, c.weekBefore.adSpend)})`,
          ...o.platforms.map((p) => `${safeText(p.platform)} · ${p.metric}: ${p.value}${p.missingRates.length ? ` (+ ${p.missingRates.join(', ')} without a rate)` : ''}`),
        ].join('\n'),
      ),
      ...(o.days.length > 1
        ? [trendChart({ label: 'Revenue vs ad spend (元)', points: o.days.flatMap((d) => [{ day: d.day, value: Number(d.revenue), series: 'revenue' }, { day: d.day, value: Number(d.adSpend), series: 'ad spend' }]) })]
        : []),
      ...(t.missingRates.length ? [note(`Not counted, no exchange rate: ${t.missingRates.join(', ')}. An admin sets one with \`tongbu fx set <CODE> <rate>\`.`)] : []),
    ]);
  },
};

/** Chat specs for every connector's own commands. */
export function declaredCommands(connectors: readonly ConnectorNames[]): CommandSpec[] {
  const fromCommands = connectors.flatMap((c) => c.commands ?? []).map(
    (command): CommandSpec => ({
      name: command.name,
      aliases: command.aliases ?? [],
      summary: command.summary,
      usage: command.usage.filter((u) => u.startsWith('/')),
      examples: () => command.examples ?? [],
      needsAdmin: () => command.adminOnly,
      run: (ctx, cmd) => runDeclared(ctx, command.name, cmd.args),
    }),
  );
  const fromChat = connectors.flatMap((c) =>
    (c.chatCommands ?? []).map(
      (command): CommandSpec => ({
        name: command.name,
        aliases: command.aliases,
        summary: command.summary,
        usage: command.usage,
        examples: () => command.examples,
        async run(ctx, cmd) {
          return answerCard(await command.run(cmd.args, { pool: ctx.services.pool, now: new Date() }));
        },
      }),
    ),
  );
  const fromOps = connectors.flatMap((c) =>
    (c.operations ?? []).map(
      (op): CommandSpec => ({
        name: op.name,
        aliases: op.aliases ?? [],
        summary: op.summary,
        usage: op.usage.filter((u) => u.startsWith('/')),
        examples: () => op.examples,
        needsAdmin: (cmd) => op.needsAdmin?.(wordsOf(cmd)),
        async run(ctx, cmd) {
          const r = await runOperation(ctx.services, op.name, wordsOf(cmd), ctx.senderOpenId);
          return card(r.title, r.ok ? 'blue' : 'orange', [md(r.lines.join('\n') || '—')]);
        },
      }),
    ),
  );
  const names = new Set<string>();
  for (const spec of [...fromCommands, ...fromChat, ...fromOps]) {
    if (names.has(spec.name)) throw new TongbuError('CONFIG_INVALID', `two connectors declare the chat command /${spec.name}`);
    names.add(spec.name);
  }
  return [overviewCommand, ...fromCommands, ...fromChat, ...fromOps];
}
