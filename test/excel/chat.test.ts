// The chat door: a person sends an xlsx to the bot → the bot downloads it through the
// message-resource API, imports it, and replies in the thread with the summary card.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerChatImport } from '../../src/chat/excel-import.js';
import { GROUP, P2P, startBotHarness, textOf, titleOf, type BotHarness } from '../chat/harness.js';
import { SALES_HEADERS, bookingsWorkbook, salesRow, salesWorkbook } from './workbooks.js';

describe('Excel import from chat', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness();
    registerChatImport(h.bot, h.services);
  });
  afterAll(() => h.close());

  async function send(chat: string, name: string, data: Buffer) {
    const res = await h.sandbox.sendFile(chat, name, data, { openId: 'ou_member', chatType: chat === P2P ? 'p2p' : 'group' });
    expect(res.status).toBe(200);
    const msgs = await h.sandbox.im.waitForBotMessages(chat, (m) => m.some((x) => x.parentId === res.message.messageId), 30_000);
    return msgs.find((x) => x.parentId === res.message.messageId)!;
  }

  it('售卖明细 sent in a group: imported, answered with the counts in the thread', async () => {
    const file = await salesWorkbook([salesRow(1), salesRow(2), salesRow(3)]);
    const reply = await send(GROUP, '售卖明细_2024-12-27_2025-12-07.xlsx', file);
    const text = textOf(reply.card);
    expect(text).toMatch(/售卖明细/);
    expect(text).toMatch(/3/);
    const rows = await h.services.pool.query(`SELECT count(*)::int AS n FROM orders_excel`);
    expect(rows.rows[0].n).toBe(3);
    const ledger = await h.services.pool.query(`SELECT source, status FROM excel_imports`);
    expect(ledger.rows).toEqual([{ source: 'chat', status: 'succeeded' }]);
    // The same file again: recognised, nothing changes.
    const again = await send(GROUP, '售卖明细_2024-12-27_2025-12-07.xlsx', file);
    expect(textOf(again.card)).toMatch(/already imported/i);
    expect((await h.services.pool.query(`SELECT count(*)::int AS n FROM orders_excel`)).rows[0].n).toBe(3);
  });

  it('旅行社预约明细 in a one-to-one chat', async () => {
    const file = await bookingsWorkbook({ '待接单-1': ['1080000000000000001'], '已预约-1': ['1080000000000000002'] });
    const reply = await send(P2P, '旅行社预约明细_2025-12-07.xlsx', file);
    expect(textOf(reply.card)).toMatch(/旅行社预约明细/);
    const rows = await h.services.pool.query(`SELECT order_number, booking_status FROM travel_bookings ORDER BY order_number`);
    expect(rows.rows).toEqual([
      { order_number: '1080000000000000001', booking_status: '待接单' },
      { order_number: '1080000000000000002', booking_status: '已预约' },
    ]);
  });

  it('a wrong file gets a clear card naming the problem, and nothing is imported', async () => {
    const reply = await send(GROUP, '售卖明细_broken.xlsx', Buffer.from('this is not a workbook at all'));
    expect(titleOf(reply.card)).toBe('Import failed: nothing was imported');
    expect(textOf(reply.card)).toMatch(/xlsx/i);
    expect(textOf(reply.card)).toMatch(/What to do/);
    expect((await h.services.pool.query(`SELECT count(*)::int AS n FROM orders_excel`)).rows[0].n).toBe(3);
  });

  it('a CSV export (UTF-8 with a BOM, as Excel saves one) is imported like the .xlsx', async () => {
    const csv = [SALES_HEADERS.map((h) => h.trim()), salesRow(31), salesRow(32)].map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\r\n');
    const reply = await send(P2P, '售卖明细_2025-12-08.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]));
    expect(textOf(reply.card)).toMatch(/售卖明细/);
    const rows = await h.services.pool.query(`SELECT count(*)::int AS n FROM orders_excel WHERE sub_order_id IN ('1077940305329950031', '1077940305329950032')`);
    expect(rows.rows[0].n).toBe(2);
  });
});
