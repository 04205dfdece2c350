// The welfare (福利) report: `/welfare [YYYY-MM-DD]` (alias 福利) in chat, `tongbu welfare [--day D]
// [--json]` on the CLI, the API, and the card posted every morning with the daily summary (for
// yesterday). All four render the same report: orders granted and revoked that day (an .xlsx with
// buyer id, product, amounts and dates), late refunds called out for a person to judge, and the
// orders still pending. Read-only: decisions are made by the refresh after each order run.
import { TongbuError } from '../../errors.js';
import { formatBusinessTime, parseDay, yesterday } from '../../engine/time.js';
import type { ConnectorCommand, ConnectorCommandContext, ConnectorReport, ExportSheet } from '../../engine/types.js';
import { formatYuan } from '../../money.js';
import type { XiaoeSettings } from './settings.js';
import { welfareDay, type WelfareOrder } from './welfare.js';

const WHAT: Record<string, string> = { granted: '发放', revoked: '取消', late: '逾期退款' };

function sheetOf(rows: { what: string; o: WelfareOrder }[]): ExportSheet {
  return {
    columns: [
      { header: '处理', key: 'what', width: 10 },
      { header: '订单号', key: 'order_id', width: 30 },
      { header: '买家ID', key: 'user_id', width: 24 },
      { header: '商品', key: 'title', width: 28 },
      { header: '实付金额(元)', key: 'price', width: 14, money: true },
      { header: '退款金额(元)', key: 'refund_money', width: 14, money: true },
      { header: '支付时间', key: 'pay_time', width: 18 },
      { header: '判定日', key: 'decision_day', width: 12 },
      { header: '退款时间', key: 'refund_time', width: 18 },
    ],
    rows: rows.map(({ what, o }) => ({
      what: WHAT[what],
      order_id: o.order_id,
      user_id: o.user_id,
      title: o.title,
      price: o.price,
      refund_money: o.refund_money,
      pay_time: formatBusinessTime(o.pay_time),
      decision_day: o.decision_day,
      refund_time: o.refund_time ? formatBusinessTime(o.refund_time) : null,
    })),
  };
}

const line = (o: WelfareOrder) =>
  `${o.order_id} · ${o.user_id ?? '—'} · ${o.title ?? ''} · 实付 ${o.price ? formatYuan(o.price) : '—'}${o.refund_money ? ` · 退款 ${formatYuan(o.refund_money)}` : ''}`;

/** The welfare report of a business day (YYYY-MM-DD). */
export async function welfareReport(ctx: Pick<ConnectorCommandContext<XiaoeSettings>, 'pool'>, day: string): Promise<ConnectorReport> {
  const w = await welfareDay(ctx.pool, day);
  const rows = [...w.granted.map((o) => ({ what: 'granted', o })), ...w.revoked.map((o) => ({ what: 'revoked', o })), ...w.lateRefunds.map((o) => ({ what: 'late', o }))];
  const notes: string[] = [];
  if (w.lateRefunds.length) {
    notes.push(`**逾期退款 (需人工判断)**：以下订单在判定日之后退款，福利已发放，未自动收回：\n${w.lateRefunds.map((o) => `- ${line(o)}`).join('\n')}`);
  }
  for (const [what, list] of [
    ['granted', w.granted],
    ['revoked', w.revoked],
  ] as const) {
    if (list.length && list.length <= 10) notes.push(`**${WHAT[what]}**：\n${list.map((o) => `- ${line(o)}`).join('\n')}`);
  }
  if (rows.length > 0 && (w.granted.length > 10 || w.revoked.length > 10)) notes.push('完整名单见附件。');
  return {
    title: `小鹅通福利 ${day}`,
    tone: w.lateRefunds.length ? 'warning' : rows.length ? 'success' : 'info',
    figures: [
      { label: '发放', value: String(w.granted.length) },
      { label: '取消', value: String(w.revoked.length) },
      { label: '逾期退款', value: String(w.lateRefunds.length) },
      { label: '待定', value: `${w.pending}（3天内判定 ${w.dueSoon}）` },
    ],
    notes,
    attachment: rows.length ? { fileName: `小鹅通福利_${day}.xlsx`, sheet: sheetOf(rows) } : undefined,
    data: w,
  };
}

export const welfareCommand: ConnectorCommand<XiaoeSettings> = {
  name: 'welfare',
  aliases: ['福利'],
  summary: '小鹅通 welfare decisions of a day: granted, revoked, late refunds (default yesterday)',
  usage: ['/welfare [YYYY-MM-DD]', 'tongbu welfare [--day YYYY-MM-DD] [--json]'],
  examples: ['/welfare', '/福利 2026-02-16', 'tongbu welfare --day 2026-02-16 --json'],
  async run(ctx, input) {
    const given = typeof input.flags.day === 'string' ? input.flags.day : input.args[0];
    const day = given === undefined ? yesterday(ctx.now) : parseDay(given);
    if (!day) throw new TongbuError('COMMAND_BAD_ARGS', `"${given}" is not a day like 2026-02-16`);
    return welfareReport(ctx, day);
  },
};

/** The morning card, with the daily summary (XIAOE_WELFARE_REPORT). */
export async function welfareDailyReports(ctx: ConnectorCommandContext<XiaoeSettings>, day: string): Promise<ConnectorReport[]> {
  if (!ctx.settings.XIAOE_WELFARE_REPORT) return [];
  return [await welfareReport(ctx, day)];
}
