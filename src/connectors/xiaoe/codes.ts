// 小鹅通 status codes → Chinese text, from "获取订单列表1.1" (contract: xiaoe.md). A code not in a map
// is kept and shown as 未知(<code>), never a crash. pay_way, client_type, collection_way,
// after_sales_state and team_buy_state have no confirmed map and are kept raw.

export const ORDER_STATE: Record<number, string> = {
  0: '未支付',
  1: '支付成功',
  // 1.0 only; kept so an old-style answer still reads.
  2: '支付失败',
  3: '已退款',
  6: '订单超时未支付自动取消',
  7: '手动取消',
  8: '退款中',
  9: '退款失败',
  10: '退款成功',
  11: '部分退款',
};

export const SHIP_STATE: Record<number, string> = {
  0: '禁止发货',
  1: '未发货',
  2: '已发货',
  3: '已收货',
  4: '部分发货',
};

export const SALES_STATE: Record<number, string> = {
  1: '部分退款',
  2: '全部退款',
  [-1]: '默认(无售后)',
};

export const RESOURCE_TYPE: Record<number, string> = {
  1: '图文',
  2: '音频',
  3: '视频',
  4: '直播',
  5: '会员',
  6: '专栏',
  7: '圈子',
  8: '大专栏',
  20: '电子书',
  21: '实物商品',
  23: '超级会员',
  25: '训练营',
  29: '线下课',
  31: '小班课',
  35: '大班课',
  41: '有价优惠券',
  42: '课时包',
  45: 'AI互动课',
  50: '课程(训练营pro)',
  68: '服务类商品',
};

/** The text for a code; `未知(<code>)` when the map lacks it; null when there is no code. */
export function codeText(map: Record<number, string>, code: number | null): string | null {
  if (code === null) return null;
  return map[code] ?? `未知(${code})`;
}

/** Order states that mean the order was refunded in full (3: e.g. a group buy that failed). */
export const FULL_REFUND_STATES = new Set([3, 10]);
export const PARTIAL_REFUND_STATES = new Set([11]);
/** A refund asked for and not settled yet. */
export const REFUNDING_STATES = new Set([8]);
