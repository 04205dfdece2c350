// The overview across platforms in Bitable (每日总览): one record per day, in 元, written whenever
// a run or a new exchange rate changes that day (daily_overview is written through the loader).
export const DAILY_OVERVIEW_MIRROR = {
  name: 'daily_overview',
  source: 'daily_overview',
  table: '每日总览',
  key: ['day'],
  keyField: '记录键',
  dateColumn: 'day',
  dateField: '日期',
  aliases: ['overview', '总览'],
  fields: [
    { column: 'day', field: '日期', type: 'date' },
    { column: 'revenue', field: '营收(元)', type: 'number' },
    { column: 'refunds', field: '退款(元)', type: 'number' },
    { column: 'ad_spend', field: '广告消耗(元)', type: 'number' },
    { column: 'orders', field: '订单数', type: 'number' },
    { column: 'roi', field: 'ROI', type: 'number' },
    { column: 'missing_rates', field: '缺少汇率', type: 'text' },
  ],
} as const;
