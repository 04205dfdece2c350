// The welfare report (`/welfare`, `tongbu welfare`, the morning card) and 小鹅通's section of
// the daily summary, over rows synced from the emulator.
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { welfareCommand, welfareDailyReports } from '../../../src/connectors/xiaoe/commands.js';
import { xiaoe } from '../../../src/connectors/xiaoe/index.js';
import { sheetWorkbook } from '../../../src/excel/sheet-workbook.js';
import { xiaoeHarness, type XiaoeHarness } from './harness.js';

let h: XiaoeHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const setClock = (hh: XiaoeHarness, shanghai: string) => {
  hh.emu.clock.offsetMs = Date.parse(`${shanghai.replace(' ', 'T')}+08:00`) - Date.now();
};

const order = (id: string, over: Record<string, unknown> = {}) => ({
  order_id: id,
  user_id: `u_${id}`,
  resource_type: 6,
  resource_id: 'p_col',
  title: '职场Excel进阶专栏',
  count: 1,
  price: 99.9,
  coupon_price: 1000,
  order_state: 1,
  ship_state: 0,
  sales_state: -1,
  created_time: '2026-02-02 09:00:00',
  pay_time: '2026-02-02 09:00:10',
  refund_time: '0000-00-00 00:00:00',
  settle_time: '0000-00-00 00:00:00',
  refund_money: '',
  ...over,
});

async function scenario(): Promise<XiaoeHarness> {
  const hh = await xiaoeHarness({ emulator: { orders: 0 } });
  setClock(hh, '2026-02-03 08:00:00');
  for (const id of ['o_1', 'o_2', 'o_3']) hh.emu.put(order(id));
  await hh.sync({ from: new Date('2026-01-31T16:00:00Z'), to: hh.now() });
  setClock(hh, '2026-02-16 08:00:00');
  hh.emu.put(order('o_3', { order_state: 10, sales_state: 2, refund_time: '2026-02-06 12:00:00', refund_money: '9990' }));
  await hh.sync({ from: new Date('2026-01-31T16:00:00Z'), to: hh.now() });
  setClock(hh, '2026-02-17 08:00:00');
  hh.emu.put(order('o_2', { order_state: 10, sales_state: 2, refund_time: '2026-02-17 07:00:00', refund_money: '9990' }));
  await hh.sync({ from: new Date('2026-01-31T16:00:00Z'), to: hh.now() });
  return hh;
}

describe('xiaoe welfare report', () => {
  it('/welfare <day> lists granted and revoked with an xlsx of buyer, product, amounts and dates', async () => {
    h = await scenario();
    const ctx = { pool: h.db.pool, settings: h.settings, log: h.log, now: h.now() };
    const r = await welfareCommand.run(ctx, { args: ['2026-02-16'], flags: {} });
    expect(r.title).toBe('小鹅通福利 2026-02-16');
    expect(r.figures).toEqual([
      { label: '发放', value: '2' },
      { label: '取消', value: '1' },
      { label: '逾期退款', value: '0' },
      { label: '待定', value: '0（3天内判定 0）' },
    ]);
    expect(r.notes?.join('\n')).toContain('o_3 · u_o_3 · 职场Excel进阶专栏 · 实付 ¥99.90 · 退款 ¥99.90');
    if (!r.attachment) throw new Error('no attachment');
    expect(r.attachment.fileName).toBe('小鹅通福利_2026-02-16.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await sheetWorkbook(r.attachment.fileName, r.attachment.sheet)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const values = sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(['处理', '订单号', '买家ID', '商品', '实付金额(元)', '退款金额(元)', '支付时间', '判定日', '退款时间']);
    expect(values.slice(1)).toEqual([
      ['发放', 'o_1', 'u_o_1', '职场Excel进阶专栏', 99.9, undefined, '2026-02-02 09:00', '2026-02-16'],
      // Refunded on 02-17, after its grant: the report shows the order as it is now.
      ['发放', 'o_2', 'u_o_2', '职场Excel进阶专栏', 99.9, 99.9, '2026-02-02 09:00', '2026-02-16', '2026-02-17 07:00'],
      ['取消', 'o_3', 'u_o_3', '职场Excel进阶专栏', 99.9, 99.9, '2026-02-02 09:00', '2026-02-16', '2026-02-06 12:00'],
    ]);
  });

  it('the morning card for yesterday calls out a late refund; --day and the alias 福利 work; a bad day shows the form', async () => {
    h = await scenario();
    const ctx = { pool: h.db.pool, settings: h.settings, log: h.log, now: new Date('2026-02-18T01:00:00Z') };
    const [card] = await welfareDailyReports(ctx, '2026-02-17');
    expect(card?.tone).toBe('warning');
    expect(card?.figures.find((f) => f.label === '逾期退款')?.value).toBe('1');
    expect(card?.notes?.[0]).toContain('逾期退款 (需人工判断)');
    expect(card?.notes?.[0]).toContain('o_2');
    const byFlag = await welfareCommand.run(ctx, { args: [], flags: { day: '2026-02-17' } });
    expect(byFlag.data).toEqual(card?.data);
    // Default: yesterday of `now`.
    expect((await welfareCommand.run(ctx, { args: [], flags: {} })).title).toBe('小鹅通福利 2026-02-17');
    expect(welfareCommand.aliases).toContain('福利');
    expect(xiaoe.commands?.map((c) => c.name)).toEqual(['welfare']);
    await expect(welfareCommand.run(ctx, { args: ['2026-02-30'], flags: {} })).rejects.toThrow('The command is not complete or not right: "2026-02-30" is not a day like 2026-02-16');
    const off = await welfareDailyReports({ ...ctx, settings: { ...h.settings, XIAOE_WELFARE_REPORT: false } }, '2026-02-17');
    expect(off).toEqual([]);
  });

  it("the daily summary's 小鹅通 section: orders, paid amount, refunds, pending welfare, a 7-day trend", async () => {
    h = await scenario();
    const s = await xiaoe.summary!(h.db.pool, '2026-02-02');
    expect(s.title).toBe('小鹅通 2026-02-02');
    expect(Object.fromEntries(s.figures.map((f) => [f.label, f.value]))).toMatchObject({ 新订单: '3', 支付订单: '3', 实付金额: '¥299.70' });
    expect(s.trend?.points).toHaveLength(7);
    expect(s.trend?.points.at(-1)).toEqual({ day: '2026-02-02', value: 299.7 });
    const refunds = await xiaoe.summary!(h.db.pool, '2026-02-17');
    expect(refunds.figures.find((f) => f.label === '退款')?.value).toBe('1 笔 / ¥99.90');
  });

  it('daily figures for the overview: revenue, orders, units by pay day; refunds by refund day', async () => {
    h = await scenario();
    const r = await h.db.pool.query<{ day: Date; metric: string; value: string; currency: string }>(xiaoe.dailyMetrics!.sql, [
      ['2026-02-02', '2026-02-06', '2026-02-17'],
      h.emu.appId,
    ]);
    const got = Object.fromEntries(r.rows.map((x) => [`${x.day.toISOString().slice(0, 10)} ${x.metric}`, `${x.value} ${x.currency}`.trim()]));
    expect(got).toEqual({
      '2026-02-02 revenue': '299.70 CNY',
      '2026-02-02 orders': '3',
      '2026-02-02 units': '3',
      '2026-02-06 refunds': '99.90 CNY',
      '2026-02-17 refunds': '99.90 CNY',
    });
  });
});
