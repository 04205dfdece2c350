import { describe, expect, it } from 'vitest';
import { TongbuError } from '../../src/errors.js';
import type { ImportSummary } from '../../src/excel/import-service.js';
import { importFailureCard, importSummaryCard, renderImportSummaryText } from '../../src/excel/import-summary.js';

const summary: ImportSummary = {
  importId: 7,
  fileName: '售卖明细_2024-12-27_2025-12-07.xlsx',
  source: 'chat',
  sha256: 'a'.repeat(64),
  type: 'sales',
  typeLabel: '售卖明细',
  table: 'orders_excel',
  rowsRead: 11670,
  inserted: 11664,
  updated: 3,
  unchanged: 0,
  skipped: 3,
  skippedReasons: [{ reason: '所属订单ID: id stored as a number lost precision', count: 3 }],
  errors: [{ sheet: '售卖明细', row: 12, column: '所属订单ID', message: '所属订单ID: id stored as a number lost precision (1077940305329948900)' }],
  emptyRows: 2,
  sheets: [
    { name: '说明', rows: 0, skipped: 'instructions sheet' },
    { name: '售卖明细', rows: 11670 },
  ],
  durationMs: 3456,
};

describe('import summary rendering', () => {
  it('CLI text names the type, every count, the reasons, the first problems and the time', () => {
    const text = renderImportSummaryText(summary);
    expect(text).toContain('售卖明细 → orders_excel');
    expect(text).toContain('11,670 rows read from 售卖明细_2024-12-27_2025-12-07.xlsx: 11,664 inserted, 3 updated, 0 unchanged, 3 skipped.');
    expect(text).toContain('skipped 3: 所属订单ID: id stored as a number lost precision');
    expect(text).toContain('sheet "售卖明细" row 12: 所属订单ID: id stored as a number lost precision (1077940305329948900)');
    expect(text).toContain('说明 (instructions sheet)');
    expect(text).toContain('Took 3.5 s.');
  });

  it('the chat card is a Feishu card JSON 2.0 with the same facts', () => {
    const card = importSummaryCard(summary);
    expect(card).toMatchObject({ schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: 'Imported: 售卖明细' } } });
    const md = card.body.elements[0]?.content ?? '';
    expect(card.body.elements[0]?.tag).toBe('markdown');
    expect(md).toContain('**Rows read:** 11,670');
    expect(md).toContain('**Inserted:** 11,664 · **Updated:** 3 · **Unchanged:** 0 · **Skipped:** 3');
    expect(md).toContain('row 12');
    expect(md).toContain('Took 3.5 s.');
    // Markdown specials in file names are escaped.
    expect(md).toContain('售卖明细\\_2024-12-27\\_2025-12-07.xlsx');
  });

  it('an already-imported file says when, in Asia/Shanghai time', () => {
    const again = { ...summary, alreadyImportedAt: '2026-02-11T01:30:00.000Z' };
    expect(renderImportSummaryText(again)).toContain('was already imported on 2026-02-11 09:30 (Asia/Shanghai); nothing was changed.');
    expect(importSummaryCard(again).body.elements[0]?.content).toContain('already imported on 2026-02-11 09:30');
  });

  it('a refused file gets a card with the message and what to do', () => {
    const card = importFailureCard('售卖明细.xls', new TongbuError('EXCEL_OLD_XLS', 'the .xls (BIFF) format cannot be imported'));
    expect(card.header.title.content).toBe('Import failed: nothing was imported');
    expect(card.body.elements[0]?.content).toContain('old Excel 97-2003');
    expect(card.body.elements[0]?.content).toContain('save it as .xlsx');
  });
});
