// `/douplus [account] [today|7d|30d]` (alias 抖加): the top videos by cost in the period, with
// plays per 100 元 and conversions, and a chart of their cost. The account may be given as its
// aweme_sec_uid or the first characters of it.
import type { ChatCommandDeclaration } from '../../engine/types.js';
import { TongbuError } from '../../errors.js';
import { formatBusinessTime } from '../../engine/time.js';
import { formatYuan } from '../../money.js';
import { videoRanking, type Period } from './query.js';

const CHAT_PERIODS: Period[] = ['today', '7d', '30d'];
const PERIOD_WORDS: Record<string, Period> = { today: 'today', 今天: 'today', 今日: 'today', '7d': '7d', '7天': '7d', '30d': '30d', '30天': '30d' };
const TOP = 10;

export const douplusCommand: ChatCommandDeclaration = {
  name: 'douplus',
  aliases: ['抖加', 'dou+'],
  summary: 'DOU+: top videos by cost, with plays per 100 元 and conversions',
  usage: ['/douplus [account] [today|7d|30d]'],
  examples: ['/douplus', '/douplus 7d', '/抖加 today'],
  async run(args, { pool }) {
    let period: Period = 'today';
    let account: string | undefined;
    for (const a of args) {
      const p = PERIOD_WORDS[a.toLowerCase()];
      if (p) period = p;
      else if (!account) account = a;
      else throw new TongbuError('COMMAND_BAD_ARGS', `unexpected "${a.slice(0, 40)}": give at most one account and one of ${CHAT_PERIODS.join(', ')}`);
    }
    if (account) {
      const known = (await pool.query<{ account_id: string }>(`SELECT DISTINCT account_id FROM douplus_orders WHERE account_id LIKE $1 || '%'`, [account])).rows.map((r) => r.account_id);
      if (known.length !== 1) throw new TongbuError('COMMAND_BAD_ARGS', known.length ? `"${account}" matches ${known.length} 抖音号; give more of it` : `no 抖音号 ${account.slice(0, 40)} has DOU+ orders`);
      account = known[0];
    }
    const { asOf, videos } = await videoRanking(pool, { period, account, limit: TOP });
    const label = period === 'today' ? '今天' : period === '7d' ? '近7天' : '近30天';
    if (!videos.length) return { title: `DOU+ ${label}`, lines: ['No DOU+ spend in this period yet.'], note: asOf ? undefined : 'Stats arrive every 5 minutes once orders deliver.' };
    return {
      title: `DOU+ ${label}: top ${videos.length} videos by cost${account ? ` (${account.slice(0, 12)}…)` : ''}`,
      lines: videos.map(
        (v, i) =>
          `${i + 1}. **${v.item_title ?? v.item_id}** — ${formatYuan(v.cost)}, ${v.plays.toLocaleString('en-US')} plays (${v.plays_per_100_yuan ?? '—'} per 100 元), ${v.conversions.toLocaleString('en-US')} conversions`,
      ),
      chart: { label: '消耗(元)', points: videos.map((v) => ({ label: (v.item_title ?? v.item_id).slice(0, 12), value: Number(v.cost) })) },
      note: asOf ? `As of ${formatBusinessTime(new Date(asOf))} (Asia/Shanghai)` : undefined,
    };
  },
};
