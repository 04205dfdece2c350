// Small exports built in the tests with exceljs, shaped like the 抖音来客 back office's files.
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import { bufferSource, checkWorkbookFile, readZipEntry } from '../../src/excel/file-check.js';

export const SALES_HEADERS = [
  '所属订单ID', ' 子订单ID ', '订单标签', '券码状态', '核销时间', '订单实收', '售卖金额', '商家货款出资补贴', '商品实付', '平台补贴',
  '平台补贴优惠明细', '软件服务费', '达人佣金', '增量宝佣金', '预售价（只针对酒旅商家）', '预约加价（只针对酒旅商家）', '软件服务费率',
  '带货角色', '成交渠道', '订单归属人昵称', '订单归属人uid', '商品名称',
];

export type Cell = string | number | null;

/** One 售卖明细 row; `over` replaces cells by header. Ids are text, as the back office writes them. */
export function salesRow(i: number, over: Record<string, Cell> = {}): Cell[] {
  const base: Record<string, Cell> = {
    所属订单ID: `10779403053299489${String(i).padStart(2, '0')}`,
    ' 子订单ID ': `10779403053299500${String(i).padStart(2, '0')}`,
    订单标签: null,
    券码状态: '已核销',
    核销时间: `2025-12-0${1 + (i % 9)} 14:31:54`,
    订单实收: 429 + i / 100,
    售卖金额: 429,
    商家货款出资补贴: 0,
    商品实付: '419.50',
    平台补贴: 9.5,
    平台补贴优惠明细: '平台券满200减10',
    软件服务费: 10.73,
    达人佣金: 0,
    增量宝佣金: null,
    '预售价（只针对酒旅商家）': null,
    '预约加价（只针对酒旅商家）': '-',
    软件服务费率: '2.5%',
    带货角色: '商家自播',
    成交渠道: '直播',
    订单归属人昵称: '成都旅行社',
    订单归属人uid: '3000000000000000042',
    商品名称: '三星堆+熊猫基地精品团',
  };
  const merged = { ...base, ...over };
  return SALES_HEADERS.map((h) => merged[h] ?? null);
}

export interface SheetDef {
  name: string;
  rows: Cell[][];
}

/** `inlineStrings`: text in the sheets themselves (t="inlineStr") rather than in the shared-strings table. */
export async function workbook(sheets: SheetDef[], opts: { inlineStrings?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
  return opts.inlineStrings ? inlineSharedStrings(xlsx) : xlsx;
}

/** Rewrites each shared-string cell as an inline string (exceljs always writes a shared table). */
async function inlineSharedStrings(xlsx: Buffer): Promise<Buffer> {
  const parts = await zipParts(xlsx);
  const sst = parts.find((p) => p.name === 'xl/sharedStrings.xml')?.data.toString('utf8') ?? '';
  const strings = [...sst.matchAll(/<si>(.*?)<\/si>/gs)].map((m) => m[1] as string);
  return buildZip(
    parts
      .filter((p) => p.name !== 'xl/sharedStrings.xml')
      .map((p) =>
        p.name.startsWith('xl/worksheets/')
          ? { ...p, data: Buffer.from(p.data.toString('utf8').replace(/<c r="([A-Z]+\d+)"([^>]*?) t="s"><v>(\d+)<\/v><\/c>/g, (_m, ref: string, attrs: string, n: string) => `<c r="${ref}"${attrs} t="inlineStr"><is>${strings[Number(n)]}</is></c>`)) }
          : p,
      ),
  );
}

/** A 售卖明细 export: a 说明 sheet, a title row above the header, an empty row in the data. */
export async function salesWorkbook(rows: Cell[][], opts: { headers?: string[]; inlineStrings?: boolean } = {}): Promise<Buffer> {
  const data = [...rows];
  if (data.length > 2) data.splice(2, 0, ['', ' ', null]);
  return workbook(
    [
      { name: '说明', rows: [['本表由抖音来客后台导出'], ['金额单位：元']] },
      { name: '售卖明细', rows: [['售卖明细 2025-12-01 至 2025-12-07'], [], opts.headers ?? SALES_HEADERS, ...data] },
    ],
    { inlineStrings: opts.inlineStrings },
  );
}

export const BOOKING_HEADERS = ['订单编号', '商品名称', '商品品类', '商品类型', '购买份数', '出行日期', '联系人'];

export function bookingRow(order: string, travelDate = '2025-12-20'): Cell[] {
  return [order, '九寨沟三日游（含门票）', '跟团游', '团购', 2, travelDate, '张先生'];
}

/** A 旅行社预约明细 export: one sheet per booking state plus a 说明 sheet. */
export async function bookingsWorkbook(states: Record<string, string[]>): Promise<Buffer> {
  return workbook([
    { name: '说明', rows: [['各状态订单分表导出']] },
    ...Object.entries(states).map(([name, orders]) => ({ name, rows: [BOOKING_HEADERS, ...orders.map((o) => bookingRow(o))] })),
  ]);
}

/**
 * A zip whose one entry (xl/worksheets/sheet1.xml) really inflates to `mb` MB of zeros:
 * a few hundred KB on disk, a zip bomb to a naive reader.
 */
/**
 * A zip of the given parts in the given order (deflated, or `stored` as they are; CRCs left 0,
 * which the reader does not check). `declaredSize` overrides the uncompressed size in the headers.
 */
export function buildZip(parts: { name: string; data: Buffer; declaredSize?: number; stored?: boolean }[]): Buffer {
  const entries = parts.map((e) => ({ ...e, comp: e.stored ? e.data : deflateRawSync(e.data, { level: 9 }), crc: 0, method: e.stored ? 0 : 8 }));
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const size = e.declaredSize ?? e.data.length;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method, 8);
    lh.writeUInt32LE(e.crc, 14);
    lh.writeUInt32LE(e.comp.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, e.comp);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.method, 10);
    ch.writeUInt32LE(e.crc, 16);
    ch.writeUInt32LE(e.comp.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + e.comp.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/** The parts of an xlsx (as written by exceljs), to rebuild it reordered or damaged. */
export async function zipParts(xlsx: Buffer): Promise<{ name: string; data: Buffer }[]> {
  const src = bufferSource(xlsx);
  const entries = await checkWorkbookFile(src, { maxBytes: 2 ** 30, maxUncompressedBytes: 2 ** 30 });
  return Promise.all(entries.map(async (e) => ({ name: e.name, data: await readZipEntry(src, e, 2 ** 30) })));
}

export function zipBomb(mb: number): Buffer {
  return buildZip([
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(mb * 1024 * 1024, 0x30) },
  ]);
}

/** The first bytes of an OLE/CFB container, with a directory entry name (UTF-16LE). */
export function cfbFile(streamName: 'Workbook' | 'EncryptionInfo'): Buffer {
  const magic = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const body = Buffer.alloc(1024);
  Buffer.from(streamName, 'utf16le').copy(body, 512);
  return Buffer.concat([magic, body]);
}
