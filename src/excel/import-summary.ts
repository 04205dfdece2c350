// An import's outcome in words: plain text for the CLI, a Feishu card (JSON 2.0) for chat.
// Failures render from the same TongbuError everywhere (describeError).
import { describeError } from '../errors.js';
import type { OpReport } from '../engine/types.js';
import type { ImportOutcome, ImportSummary } from './import-service.js';

const n = (v: number) => v.toLocaleString('en-US');

/** Seconds with one decimal: "3.4 s". */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Beijing time of an ISO instant: "2026-02-11 09:30". */
function shanghai(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function headline(s: ImportSummary): string {
  if (s.alreadyImportedAt) return `${s.fileName} was already imported on ${shanghai(s.alreadyImportedAt)} (Asia/Shanghai); nothing was changed.`;
  return `${n(s.rowsRead)} rows read from ${s.fileName}: ${n(s.inserted)} inserted, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged, ${n(s.skipped)} skipped.`;
}

function problemLine(p: ImportSummary['errors'][number]): string {
  return `sheet "${p.sheet}" row ${p.row}: ${p.message}`;
}

export function renderImportSummaryText(s: ImportSummary): string {
  const lines = [`${s.typeLabel} → ${s.table}`, headline(s)];
  if (!s.alreadyImportedAt) {
    for (const r of s.skippedReasons) lines.push(`  skipped ${n(r.count)}: ${r.reason}`);
    if (s.errors.length) {
      lines.push(s.errors.length < s.skipped ? `First ${s.errors.length} problems:` : 'Problems:');
      for (const p of s.errors) lines.push(`  ${problemLine(p)}`);
    }
    const skippedSheets = s.sheets.filter((sh) => sh.skipped);
    if (skippedSheets.length) lines.push(`Sheets not imported: ${skippedSheets.map((sh) => `${sh.name} (${sh.skipped})`).join(', ')}`);
    if (s.emptyRows) lines.push(`Empty rows ignored: ${n(s.emptyRows)}`);
    lines.push(`Took ${seconds(s.durationMs)}.`);
  }
  return lines.join('\n') + '\n';
}

export interface FeishuCard {
  schema: '2.0';
  config: { update_multi: true };
  header: { title: { tag: 'plain_text'; content: string }; template?: string };
  body: { elements: { tag: 'markdown'; content: string }[] };
}

function card(title: string, template: string, markdown: string): FeishuCard {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template },
    body: { elements: [{ tag: 'markdown', content: markdown }] },
  };
}

// Markdown in cards interprets *, _, ~, ` and [ ]; file names and cell text are escaped.
const md = (s: string) => s.replace(/([\\*_~`[\]<>])/g, '\\$1');

/** The card the chat source replies with. */
export function importSummaryCard(s: ImportSummary): FeishuCard {
  if (s.alreadyImportedAt) {
    return card(`Already imported: ${s.typeLabel}`, 'grey', `**${md(s.fileName)}** was already imported on ${shanghai(s.alreadyImportedAt)} (Asia/Shanghai). Nothing was changed.`);
  }
  const lines = [
    `**${md(s.fileName)}** → \`${s.table}\``,
    `**Rows read:** ${n(s.rowsRead)}`,
    `**Inserted:** ${n(s.inserted)} · **Updated:** ${n(s.updated)} · **Unchanged:** ${n(s.unchanged)} · **Skipped:** ${n(s.skipped)}`,
  ];
  for (const r of s.skippedReasons) lines.push(`- skipped ${n(r.count)}: ${md(r.reason)}`);
  if (s.errors.length) {
    lines.push(`**First problems:**`);
    for (const p of s.errors) lines.push(`- ${md(problemLine(p))}`);
  }
  const skippedSheets = s.sheets.filter((sh) => sh.skipped);
  if (skippedSheets.length) lines.push(`Sheets not imported: ${skippedSheets.map((sh) => `${md(sh.name)} (${sh.skipped})`).join(', ')}`);
  lines.push(`Took ${seconds(s.durationMs)}.`);
  return card(`Imported: ${s.typeLabel}`, s.skipped ? 'orange' : 'green', lines.join('\n'));
}

/** The card for a refused file: what is wrong and what to do; nothing was imported. */
export function importFailureCard(fileName: string, e: unknown): FeishuCard {
  const d = describeError(e);
  return card('Import failed: nothing was imported', 'red', `**${md(fileName)}**\n${md(d.message)}\n\n**What to do:** ${md(d.action)}`);
}

/** A connector sheet's report as a card, the way chat shows other connector operations. */
export function opReportCard(r: OpReport): FeishuCard {
  return card(r.title, r.ok ? 'blue' : 'orange', r.lines.map(md).join('\n') || '—');
}

/** The chat card for whatever importFile did. */
export function importOutcomeCard(o: ImportOutcome): FeishuCard {
  return o.kind === 'report' ? importSummaryCard(o.summary) : opReportCard(o.report);
}

/** The CLI text for whatever importFile did. */
export function renderImportOutcomeText(o: ImportOutcome): string {
  if (o.kind === 'report') return renderImportSummaryText(o.summary);
  return `${o.report.title}\n${o.report.lines.map((l) => `  ${l}`).join('\n')}\n`;
}
