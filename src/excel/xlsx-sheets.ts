// The worksheets of an .xlsx as sheet sources for report-rows.ts: the shared-strings table is
// read first (streamed from the zip, never held as XML), then each worksheet is inflated
// straight from its place in the file, in tab order, when the report reader asks for it.
import { zipEntryText, type ByteSource } from './file-check.js';
import type { SheetSource } from './report-rows.js';
import type { WorkbookModel } from './sheet-names.js';
import { readMergedRanges, readSharedStrings, readSheetRows, type CellContext } from './sheet-xml.js';

export async function xlsxSheets(src: ByteSource, model: WorkbookModel): Promise<SheetSource[]> {
  const ctx: CellContext = { dateStyles: model.dateStyles, date1904: model.date1904 };
  if (model.sharedStrings) ctx.sharedStrings = await readSharedStrings(zipEntryText(src, model.sharedStrings), model.sharedStrings.uncompressedSize, model.sharedStrings.name);
  return model.worksheets.map((ws) => ({
    name: ws.name,
    rows: () => readSheetRows(zipEntryText(src, ws.entry), ctx, `sheet "${ws.name}" (${ws.entry.name})`),
    mergedRanges: () => readMergedRanges(zipEntryText(src, ws.entry), ws.entry.name),
  }));
}
