// The notifications section of /status, `tongbu status` and GET /api/status: where cards go,
// which alerts are open, and how the last daily summary went. Register it in
// services.statusContributors.
import { formatBusinessTime } from '../engine/time.js';
import type { StatusContributor } from '../services.js';

const OPEN_ALERTS_SHOWN = 5;

export const notificationStatus: StatusContributor = async (services) => {
  const lines: string[] = [];
  const targets = services.broadcaster?.describe() ?? [];
  const chats = services.config.FEISHU_NOTIFY_CHAT_IDS;
  if (targets.length) lines.push(`sent to: ${targets.join(', ')}`);
  // A CLI process has no bot of its own: the chats are the running service's to write to.
  else if (chats.length) lines.push(`sent to: chats ${chats.join(', ')}, by the service's bot (this process has none: its own alerts go to the log)`);
  else lines.push('sent to: the log only (no FEISHU_NOTIFY_CHAT_IDS or FEISHU_WEBHOOK_URL)');
  const open = await services.pool.query<{ key: string; title: string; first_at: Date; count: number }>(
    `SELECT key, title, first_at, count FROM notify_alerts WHERE resolved_at IS NULL ORDER BY first_at LIMIT $1`,
    [OPEN_ALERTS_SHOWN + 1],
  );
  if (open.rows.length === 0) lines.push('open alerts: none');
  else {
    const total = open.rows.length > OPEN_ALERTS_SHOWN ? (await services.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM notify_alerts WHERE resolved_at IS NULL`)).rows[0]!.n : open.rows.length;
    lines.push(`open alerts: ${total}`);
    for (const a of open.rows.slice(0, OPEN_ALERTS_SHOWN)) lines.push(`  ${a.title} — failing since ${formatBusinessTime(a.first_at)}, ${a.count}×`);
  }
  const last = await services.pool.query<{ day: string; status: string; detail: string | null }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, status, detail FROM notify_daily_sent ORDER BY day DESC LIMIT 1`,
  );
  const s = last.rows[0];
  const schedule = services.config.DAILY_SUMMARY_ENABLED ? `at "${services.config.DAILY_SUMMARY_CRON}" Asia/Shanghai` : 'off (DAILY_SUMMARY_ENABLED=false)';
  lines.push(`daily summary: ${schedule}; last: ${s ? `${s.day} ${s.status}${s.detail ? ` (${s.detail})` : ''}` : 'never'}`);
  return { title: 'Notifications', lines };
};
