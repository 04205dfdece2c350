// The parts of a workbook needed before any row, read straight from the zip through its central
// directory: the sheet list, its relationships, each worksheet's part, and the shared-strings
// table. exceljs's own streaming reader walks the zip front to back and depends on the order of
// its parts: it names a sheet only when workbook.xml came first (else "SheetN", or a crash when
// only the rels did), and under load it was seen to miss xl/sharedStrings.xml, and to drop a
// whole worksheet, after spooling sheets to temp files. Writers order parts as they please, so
// report-rows.ts reads each worksheet by its place in the central directory instead.
import { TongbuError } from '../errors.js';
import { readZipEntry, type ByteSource, type ZipEntry } from './file-check.js';

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const low = e.toLowerCase();
    if (low in named) return named[low] as string;
    return String.fromCodePoint(low.startsWith('#x') ? parseInt(low.slice(2), 16) : parseInt(low.slice(1), 10));
  });

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:]+)\s*=\s*"([^"]*)"/g)) out[m[1] as string] = decodeXml(m[2] as string);
  return out;
}

export interface WorkbookModel {
  sheets: { id: number; name: string; rId: string; state?: string }[];
  rels: { Id: string; Target: string; Type?: string }[];
  /** The worksheets (not chart sheets) in tab order, each with its part of the zip. */
  worksheets: { id: number; name: string; state?: string; entry: ZipEntry }[];
  /** xl/sharedStrings.xml, inflated (absent when the workbook has none). */
  sharedStringsXml?: Buffer;
}

export async function readWorkbookModel(src: ByteSource, entries: ZipEntry[], maxSharedStringsBytes = 512 * 1024 * 1024): Promise<WorkbookModel> {
  const find = (name: string) => entries.find((e) => e.name === name);
  const wbEntry = find('xl/workbook.xml');
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  const model: WorkbookModel = { sheets: [], rels: [], worksheets: [] };
  if (!wbEntry || !relsEntry) return model;
  const wb = (await readZipEntry(src, wbEntry)).toString('utf8');
  const rels = (await readZipEntry(src, relsEntry)).toString('utf8');
  for (const m of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const a = attrs(m[0]);
    if (a.Id && a.Target) model.rels.push({ Id: a.Id, Target: a.Target.replace(/^\/?xl\//, ''), Type: a.Type });
  }
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const a = attrs(m[0]);
    const rId = Object.entries(a).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    if (rId && a.name !== undefined) model.sheets.push({ id: Number(a.sheetId ?? model.sheets.length + 1), name: a.name, rId, state: a.state });
  }
  for (const sheet of model.sheets) {
    const target = model.rels.find((r) => r.Id === sheet.rId)?.Target;
    // Chart sheets and dialog sheets are listed too; only worksheets hold rows.
    if (!target || !/^worksheets\//.test(target)) continue;
    const entry = find(`xl/${target}`);
    if (!entry) throw new TongbuError('EXCEL_CORRUPT', `sheet "${sheet.name}" is listed but its part xl/${target} is missing`);
    model.worksheets.push({ id: sheet.id, name: sheet.name, state: sheet.state, entry });
  }
  const ss = find('xl/sharedStrings.xml');
  if (ss) model.sharedStringsXml = await readZipEntry(src, ss, maxSharedStringsBytes);
  if (!model.sheets.length && /<(?:\w+:)?sheet\b/.test(wb)) throw new TongbuError('EXCEL_CORRUPT', 'the workbook lists sheets that cannot be read');
  return model;
}
