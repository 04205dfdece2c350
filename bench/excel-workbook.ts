// Realistic 售卖明细 exports for the Excel benchmark: the 20 columns of the back office's export,
// Chinese text, 19-digit ids kept as text, money as numbers, empty cells, shared strings (as the
// 抖音来客 back office writes them), a 说明 sheet first. Written with exceljs's streaming writer
// so 300k rows fit; the CSV twin holds the same rows as Excel saves them (UTF-8 with a BOM).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

const REQUIRED = [
  '所属订单ID', '子订单ID', '券码状态', '核销时间', '订单实收', '售卖金额', '商家货款出资补贴', '商品实付', '平台补贴',
  '平台补贴优惠明细', '软件服务费', '达人佣金', '增量宝佣金', '预售价（只针对酒旅商家）', '预约加价（只针对酒旅商家）', '软件服务费率',
  '带货角色', '成交渠道', '订单归属人昵称', '订单归属人uid',
];
const EXTRA = [
  '订单标签', '支付时间', '商品名称', '商品ID', 'SKU ID', '门店名称', '门店ID', '城市', '券码', '核销门店', '核销人', '购买数量',
  '退款金额', '退款时间', '结算状态', '结算时间', '商品类型', '下单渠道', '团购类型', '备注',
];
export const SALES_HEADERS = [...REQUIRED];
/** The 40-column variant (the required columns plus 20 others), for comparison runs. */
export const WIDE_HEADERS = [...REQUIRED.slice(0, 2), ...EXTRA.slice(0, 4), ...REQUIRED.slice(2), ...EXTRA.slice(4)];

const PRODUCTS = ['三星堆+熊猫基地精品团', '都江堰青城山一日游', '九寨沟三日游（含门票）', '乐山大佛峨眉山二日游', '成都夜游锦江'];
const STORES = ['成都春熙路店', '成都宽窄巷子店', '都江堰景区店', '乐山旗舰店'];
const STATUSES = ['已核销', '未核销', '已退款', '已过期'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function rowValues(i: number): Record<string, string | number | null> {
  // Ids ending in 0000 (1 in 10,000) are skipped: in the CSV twin they read as rounded by Excel (see parseId).
  let n = 1077940305329948933n + BigInt(i) * 7919n * 3n;
  while (n % 10000n === 0n || (n + 1n) % 10000n === 0n) n += 2n;
  const id = n.toString();
  const day = 1 + (i % 28);
  const price = 199 + (i % 300) + (i % 7) * 0.1;
  const verified = i % 4 !== 1;
  return {
    所属订单ID: id,
    子订单ID: (BigInt(id) + 1n).toString(),
    订单标签: i % 5 === 0 ? '团购' : null,
    支付时间: `2025-11-${pad(day)} ${pad(i % 24)}:${pad(i % 60)}:${pad((i * 7) % 60)}`,
    商品名称: PRODUCTS[i % PRODUCTS.length] ?? null,
    商品ID: (1760543044430907n + BigInt(i % 50)).toString(),
    券码状态: STATUSES[i % STATUSES.length] ?? null,
    核销时间: verified ? `2025-12-${pad(day)} 10:${pad(i % 60)}:00` : '-',
    订单实收: Math.round(price * 100) / 100,
    售卖金额: Math.round(price * 100) / 100,
    商家货款出资补贴: i % 3 === 0 ? 5 : 0,
    商品实付: Math.round((price - 10) * 100) / 100,
    平台补贴: i % 3 === 0 ? 10 : 0,
    平台补贴优惠明细: i % 3 === 0 ? '平台券满200减10' : null,
    软件服务费: Math.round(price * 2.5) / 100,
    达人佣金: i % 6 === 0 ? Math.round(price * 10) / 100 : 0,
    增量宝佣金: 0,
    '预售价（只针对酒旅商家）': i % 8 === 0 ? 180 : null,
    '预约加价（只针对酒旅商家）': null,
    软件服务费率: '2.5%',
    带货角色: i % 6 === 0 ? '达人' : '商家自播',
    成交渠道: i % 2 ? '直播' : '短视频',
    订单归属人昵称: `旅行达人${i % 97}号`,
    // Not a round number: a CSV id whose digits past the 15th are all zeros reads as rounded by Excel.
    订单归属人uid: (3000000000000000017n + BigInt(i % 97) * 1_000_003n).toString(),
    'SKU ID': (1800000000000000000n + BigInt(i % 50)).toString(),
    门店名称: STORES[i % STORES.length] ?? null,
    门店ID: (7000000000000000000n + BigInt(i % STORES.length)).toString(),
    城市: '成都',
    券码: `${100000000000 + i}`,
    核销门店: verified ? (STORES[i % STORES.length] ?? null) : null,
    核销人: verified ? `店员${i % 13}` : null,
    购买数量: 1 + (i % 3),
    退款金额: STATUSES[i % STATUSES.length] === '已退款' ? Math.round(price * 100) / 100 : null,
    退款时间: null,
    结算状态: verified ? '已结算' : '待结算',
    结算时间: verified ? `2025-12-${pad(day)} 23:59:59` : null,
    商品类型: '团购套餐',
    下单渠道: '抖音',
    团购类型: '代金券',
    备注: i % 11 === 0 ? '客人要求开发票，已联系' : null,
  };
}

/** Writes a 售卖明细 workbook with `rows` data rows to `file`. */
export async function writeSalesWorkbook(file: string, rows: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由抖音来客后台导出，金额单位为元。']).commit();
  await notes.commit();
  const sheet = wb.addWorksheet('售卖明细');
  sheet.addRow(['售卖明细 2025-11-01 至 2025-12-31']).commit();
  sheet.addRow(SALES_HEADERS).commit();
  for (let i = 0; i < rows; i++) {
    const v = rowValues(i);
    sheet.addRow(SALES_HEADERS.map((h) => v[h] ?? null)).commit();
  }
  await sheet.commit();
  await wb.commit();
}

/** The same rows as a CSV file (UTF-8 with a BOM, CRLF, quoted where needed), as Excel saves one. */
export async function writeSalesCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  const field = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  out.write('\ufeff' + SALES_HEADERS.map(field).join(',') + '\r\n');
  for (let i = 0; i < rows; i++) {
    const v = rowValues(i);
    if (!out.write(SALES_HEADERS.map((h) => field(v[h] ?? null)).join(',') + '\r\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
