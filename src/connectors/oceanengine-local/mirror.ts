// What of 巨量本地推 is mirrored into Bitable (docs/bitable-mirror.md): the daily unit report, as
// in the old script's Bitable (时间, 单元ID, … 团购线索数). Plain data; src/mirror/ validates it.
import type { MirrorMappingInput } from '../../engine/types.js';

export const OCEANENGINE_LOCAL_DAILY_MIRROR: MirrorMappingInput = {
  name: 'oceanengine_local_daily',
  source: 'oceanengine_local_daily',
  table: '巨量本地推日报',
  key: ['stat_date', 'account_id', 'unit_id'],
  keyField: '记录键',
  dateColumn: 'stat_date',
  dateField: '时间',
  aliases: ['oceanengine', 'oceanengine-local', '巨量本地推'],
  fields: [
    { column: 'stat_date', field: '时间', type: 'date' },
    { column: 'unit_id', field: '单元ID', type: 'text' },
    { column: 'unit_name', field: '单元名称', type: 'text' },
    { column: 'spend', field: '消耗(元)', type: 'number' },
    { column: 'conversions', field: '转化数', type: 'number' },
    { column: 'cost_per_conversion', field: '转化成本(元)', type: 'number' },
    { column: 'group_buy_leads', field: '团购线索数', type: 'number' },
  ],
};
