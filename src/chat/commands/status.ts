// /status: per connector the last run, the next run, the task state and heartbeat age, then the
// sections other parts contribute (Feishu API calls used this month, Bitable mirror, tokens).
import type { Services } from '../../services.js';
import type { FeishuCallCounter } from '../../feishu/call-counter.js';
import { getStatus, type ConnectorStatus } from '../../ops/status.js';
import { card, hr, md, note, safeText } from './cards.js';
import type { CommandSpec } from './context.js';

/** The free plan caps all self-built apps of a tenant together at 10,000 calls a month. */
const FREE_PLAN_MONTHLY_CALLS = 10_000;

/** A /status section (src/ops/status.ts contributor): Feishu API calls used this month. */
export function feishuCallsSection(counter: FeishuCallCounter) {
  return async (_services: Services) => {
    const { total } = await counter.month();
    return { title: 'Feishu', lines: [`Feishu API calls used this month: ${total.toLocaleString('en-US')} (free plan limit ${FREE_PLAN_MONTHLY_CALLS.toLocaleString('en-US')})`] };
  };
}

function age(iso: string | undefined, now: number): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** Instants in chat are Asia/Shanghai wall time, as people there read them. */
export function shanghaiTime(iso: string | undefined): string {
  if (!iso) return '—';
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function connectorLines(c: ConnectorStatus, now: number): string {
  const lines = [`**${safeText(c.title)}** (\`${c.name}\`) · ${c.mode}${c.accounts.length ? ` · ${c.accounts.length} account(s)` : ''}`];
  const r = c.lastRun;
  if (r) {
    const counts = `${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged`;
    lines.push(`Last run: ${shanghaiTime(r.finishedAt ?? r.startedAt)} · **${r.status}** · ${counts}${r.status === 'running' ? ` · ${r.slicesDone}/${r.slicesTotal} slices` : ''}`);
    if (r.errorMessage && (r.status === 'failed' || r.status === 'aborted')) lines.push(`Error: ${safeText(r.errorMessage)}`);
  } else lines.push('Last run: none yet');
  lines.push(`Next run: ${shanghaiTime(c.nextRunAt)}`);
  if (c.mode === 'disabled' && c.reason) lines.push(safeText(c.reason));
  lines.push(`Task: **${c.task.state}** · heartbeat ${age(c.task.heartbeatAt, now)}${c.task.lastError ? ` · last error: ${safeText(c.task.lastError)}` : ''}`);
  return lines.join('\n');
}

export const statusCommand: CommandSpec = {
  name: 'status',
  aliases: ['状态'],
  summary: 'connectors, last and next runs, tasks, Feishu API calls this month',
  usage: ['/status'],
  examples: () => ['/status', '状态'],
  async run(ctx) {
    const now = Date.now();
    const status = await getStatus(ctx.services);
    const elements: Record<string, unknown>[] = [];
    status.connectors.forEach((c, i) => {
      if (i) elements.push(hr());
      elements.push(md(connectorLines(c, now)));
    });
    if (!status.connectors.length) elements.push(md('No connectors are configured.'));
    for (const extra of status.extras) {
      elements.push(hr());
      elements.push(md(`**${safeText(extra.title)}**\n${extra.lines.map(safeText).join('\n')}`));
    }
    elements.push(note(`as of ${shanghaiTime(new Date(now).toISOString())} (Asia/Shanghai)`));
    return card('Tongbu status', 'blue', elements);
  },
};
