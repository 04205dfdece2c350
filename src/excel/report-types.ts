// The two 抖音来客 back-office exports we import (seed 000): their file names, required
// columns, sheets and target tables. A column maps a header to a table column and a kind
// that says how its cells are read.

export type ReportType = 'sales' | 'bookings';
export type ColumnKind = 'id' | 'text' | 'money' | 'time' | 'date';

export interface ColumnSpec {
  /** Header as the export writes it; also accepted: `aliases`. */
  header: string;
  aliases?: string[];
  column: string;
  kind: ColumnKind;
  /** pg type of the staging/table column. */
  pgType: string;
  required: boolean;
}

export interface ReportSpec {
  type: ReportType;
  label: string;
  table: string;
  key: string;
  fileNamePattern: RegExp;
  columns: ColumnSpec[];
}

const money = (header: string, column: string): ColumnSpec => ({ header, column, kind: 'money', pgType: 'numeric(14,2)', required: true });
const text = (header: string, column: string, required = true): ColumnSpec => ({ header, column, kind: 'text', pgType: 'text', required });

export const SALES: ReportSpec = {
  type: 'sales',
  label: '售卖明细',
  table: 'orders_excel',
  key: 'sub_order_id',
  fileNamePattern: /售卖明细/,
  columns: [
    { header: '所属订单ID', column: 'order_id', kind: 'id', pgType: 'text', required: true },
    // The back office has written this header both ways (the seed's log shows 子单ID).
    { header: '子订单ID', aliases: ['子单ID'], column: 'sub_order_id', kind: 'id', pgType: 'text', required: true },
    text('券码状态', 'coupon_status'),
    { header: '核销时间', column: 'verification_time', kind: 'time', pgType: 'timestamptz', required: true },
    money('订单实收', 'actual_receipt'),
    money('售卖金额', 'sale_amount'),
    money('商家货款出资补贴', 'merchant_subsidy'),
    money('商品实付', 'product_payment'),
    money('平台补贴', 'platform_subsidy'),
    text('平台补贴优惠明细', 'platform_discount_detail'),
    money('软件服务费', 'software_fee'),
    money('达人佣金', 'talent_commission'),
    money('增量宝佣金', 'increment_commission'),
    money('预售价(只针对酒旅商家)', 'preset_price'),
    money('预约加价(只针对酒旅商家)', 'booking_surcharge'),
    text('软件服务费率', 'software_fee_rate'),
    text('带货角色', 'sales_role'),
    text('成交渠道', 'deal_channel'),
    text('订单归属人昵称', 'owner_nickname'),
    { header: '订单归属人uid', column: 'owner_uid', kind: 'id', pgType: 'text', required: true },
  ],
};

export const BOOKINGS: ReportSpec = {
  type: 'bookings',
  label: '旅行社预约明细',
  table: 'travel_bookings',
  key: 'order_number',
  fileNamePattern: /旅行社预约明细/,
  columns: [
    { header: '订单编号', column: 'order_number', kind: 'id', pgType: 'text', required: true },
    // Required by the seed but kept only in raw_excel (the table has no columns for them).
    { header: '商品名称', column: '', kind: 'text', pgType: 'text', required: true },
    { header: '商品品类', column: '', kind: 'text', pgType: 'text', required: true },
    { header: '商品类型', column: '', kind: 'text', pgType: 'text', required: true },
    { header: '购买份数', column: '', kind: 'text', pgType: 'text', required: true },
    { header: '出行日期', aliases: ['出行时间', '预约日期'], column: 'travel_date', kind: 'date', pgType: 'date', required: false },
  ],
};

export const REPORTS: ReportSpec[] = [SALES, BOOKINGS];

/**
 * Booking states in the order an order moves through them. Within one file an order found on
 * two sheets keeps the later state (ties: the later sheet/row); across files the later import
 * wins, since each export is a snapshot (a refused booking can be booked again).
 */
export const BOOKING_STATES = ['未预约', '待接单', '已预约', '已完成', '已拒单'] as const;
export const BOOKING_STATE_RANK: Record<string, number> = { 未预约: 1, 待接单: 2, 已预约: 3, 已完成: 4, 已拒单: 4 };

/** The booking state a sheet holds: `已预约`, `已预约-1`, ` 待接单 - 2 ` …; undefined otherwise. */
export function bookingStateOfSheet(name: string): string | undefined {
  const m = /^\s*(未预约|待接单|已预约|已完成|已拒单)\s*(?:[-_－—(（]\s*\d+\s*[)）]?)?\s*$/.exec(name);
  return m?.[1];
}

/** Instruction sheets (说明, 填写说明, 注意事项) hold no data. */
export function isInstructionSheet(name: string): boolean {
  return /说明|注意事项|readme|instruction/i.test(name);
}

export function typeFromFileName(fileName: string): ReportSpec | undefined {
  return REPORTS.find((r) => r.fileNamePattern.test(fileName));
}

/** Header text as compared: no surrounding spaces, half-width brackets, case-insensitive. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)\s*/g, ')')
    .trim()
    .toLowerCase();
}
