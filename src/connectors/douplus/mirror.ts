// The DOU+ video ranking in Bitable: one record per day, 抖音号 and video (douplus_video_daily,
// written each morning for yesterday).
import type { MirrorMappingInput } from '../../engine/types.js';

export const DOUPLUS_VIDEO_DAILY_MIRROR: MirrorMappingInput = {
  name: 'douplus_video_daily',
  source: 'douplus_video_daily',
  table: 'DOU+视频排行',
  key: ['stat_date', 'account_id', 'item_id'],
  keyField: '记录键',
  dateColumn: 'stat_date',
  dateField: '日期',
  aliases: ['douplus', 'dou+', '抖加'],
  fields: [
    { column: 'stat_date', field: '日期', type: 'date' },
    { column: 'account_id', field: '抖音号', type: 'text' },
    { column: 'item_id', field: '视频ID', type: 'text' },
    { column: 'item_title', field: '视频标题', type: 'text' },
    { column: 'cost', field: '消耗(元)', type: 'number' },
    { column: 'plays', field: '播放', type: 'number' },
    { column: 'likes', field: '点赞', type: 'number' },
    { column: 'shares', field: '分享', type: 'number' },
    { column: 'conversions', field: '转化', type: 'number' },
    { column: 'plays_per_100_yuan', field: '百元播放', type: 'number' },
    { column: 'cost_per_conversion', field: '转化成本(元)', type: 'number' },
  ],
};
