// The parts of a workbook needed before any row, read straight from the zip through its central
// directory: the sheet list, its relationships, each worksheet's part, the date system, the
// cell styles that format dates, and where the shared-strings table is. A reader that walks the
// zip front to back depends on the order of its parts (exceljs's named a sheet only when
// workbook.xml came first, and under load missed xl/sharedStrings.xml); writers order parts as
// they please, so each part is found by its place in the central directory instead.
import { TongbuError } from '../errors.js';
import { readZipEntry, type ByteSource, type ZipEntry } from './file-check.js';
import { readDateStyles } from './sheet-xml.js';

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
  /** The shared-strings part (absent when the workbook has none: SheetJS and hand-written files use inline strings). */
  sharedStrings?: ZipEntry;
  /** Cell style index → formats a date (from xl/styles.xml; empty when there is no styles part). */
  dateStyles: boolean[];
  /** workbookPr date1904: serials count from 1904 (old Mac workbooks). */
  date1904: boolean;
}

export async function readWorkbookModel(src: ByteSource, entries: ZipEntry[]): Promise<WorkbookModel> {
  const find = (name: string) => entries.find((e) => e.name === name);
  const wbEntry = find('xl/workbook.xml');
  const relsEntry = find('xl/_rels/workbook.xml.rels');
  const model: WorkbookModel = { sheets: [], rels: [], worksheets: [], dateStyles: [], date1904: false };
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
  const pr = /<(?:\w+:)?workbookPr\b[^>]*>/.exec(wb);
  model.date1904 = !!pr && /\bdate1904="(1|true)"/.test(pr[0]);
  // The rels name the parts; the usual names are the fallback.
  const partOf = (type: string, usual: string) => {
    const rel = model.rels.find((r) => r.Type?.endsWith(`/${type}`));
    return find(rel ? `xl/${rel.Target}` : usual) ?? find(usual);
  };
  model.sharedStrings = partOf('sharedStrings', 'xl/sharedStrings.xml');
  const styles = partOf('styles', 'xl/styles.xml');
  if (styles) model.dateStyles = readDateStyles((await readZipEntry(src, styles)).toString('utf8'), styles.name);
  if (!model.sheets.length && /<(?:\w+:)?sheet\b/.test(wb)) throw new TongbuError('EXCEL_CORRUPT', 'the workbook lists sheets that cannot be read');
  return model;
}
