// /dedup, /token, /export: operations other parts provide (see later-ops.ts).
import { TongbuError } from '../../errors.js';
import { card, md, safeText } from './cards.js';
import { exampleNames, type CommandSpec } from './context.js';
import { laterOps, type OpReport } from './later-ops.js';
import { normalizeDate } from './parse.js';
import { exportMonth } from '../../ops/export.js';

const reportCard = (r: OpReport) => card(r.title, r.ok === false ? 'red' : 'green', [md(r.lines.map(safeText).join('\n'))]);

export const dedupCommand: CommandSpec = {
  name: 'dedup',
  aliases: ['去重'],
  summary: 'compare PostgreSQL and Bitable for a day and report (check) or repair (clean) duplicates',
  usage: ['/dedup check <table> <YYYY-MM-DD>', '/dedup clean <table> <YYYY-MM-DD>'],
  examples(connectors) {
    const { table } = exampleNames(connectors);
    return [`/dedup check ${table} 2026-02-11`, `去重 clean ${table} 2026-02-11`];
  },
  needsAdmin: (cmd) => (cmd.args[0]?.toLowerCase() === 'clean' ? 'clean duplicates' : undefined),
  async run(ctx, cmd) {
    const [mode, table, day] = cmd.args;
    if (mode?.toLowerCase() !== 'check' && mode?.toLowerCase() !== 'clean') throw new TongbuError('COMMAND_BAD_ARGS', 'say check or clean');
    const date = day ? normalizeDate(day) : undefined;
    if (!table || !date) throw new TongbuError('COMMAND_BAD_ARGS', 'name the table and the day (YYYY-MM-DD)');
    const op = mode.toLowerCase() === 'clean' ? laterOps.dedupClean : laterOps.dedupCheck;
    return reportCard(await op(ctx.services, { table, date, by: ctx.senderOpenId }));
  },
};

export const tokenCommand: CommandSpec = {
  name: 'token',
  aliases: ['令牌'],
  summary: 'platform tokens: expiry (status) or renew now (refresh); tokens themselves are never shown',
  usage: ['/token status [platform]', '/token refresh [platform]'],
  examples(connectors) {
    return ['/token status', `/token refresh ${exampleNames(connectors).connector}`, '令牌 status'];
  },
  needsAdmin: (cmd) => (cmd.args[0]?.toLowerCase() === 'refresh' ? 'refresh tokens' : undefined),
  async run(ctx, cmd) {
    const [mode, platform] = cmd.args;
    const m = (mode ?? 'status').toLowerCase();
    if (m !== 'status' && m !== 'refresh') throw new TongbuError('COMMAND_BAD_ARGS', 'say status or refresh');
    const op = m === 'refresh' ? laterOps.tokenRefresh : laterOps.tokenStatus;
    return reportCard(await op(ctx.services, { platform, by: ctx.senderOpenId }));
  },
};

export const exportCommand: CommandSpec = {
  name: 'export',
  aliases: ['导出'],
  summary: "a month of a connector's rows as an Excel file in the chat",
  usage: ['/export <connector> <YYYY-MM>'],
  examples(connectors) {
    const { connector } = exampleNames(connectors);
    return [`/export ${connector} 2026-01`, `导出 ${connector} 2026-01`];
  },
  async run(ctx, cmd) {
    const [connector, month] = cmd.args;
    const m = month?.replace(/[/.]/g, '-');
    if (!connector || !m || !/^\d{4}-(0[1-9]|1[0-2])$/.test(m)) throw new TongbuError('COMMAND_BAD_ARGS', 'name the connector and the month (YYYY-MM)');
    const api = ctx.services.feishuBot?.api;
    if (!api) throw new TongbuError('NOT_AVAILABLE_YET', 'Sending files without the Feishu client');
    const file = await exportMonth(ctx.services, connector, m);
    // The file goes into the command's thread, then a card says what it holds.
    const fileKey = await api.uploadFile(file.fileName, file.buffer);
    await api.sendFile({ replyTo: ctx.messageId }, fileKey);
    return reportCard({ title: `Export ${file.fileName}`, lines: [`${file.rows} rows for ${m}.`], ok: true });
  },
};
