// /sync <connector> [date | from..to] [--force]: queue a sync and keep its card up to date.
import { formatBusinessTime } from '../../engine/time.js';
import { TongbuError, describeError } from '../../errors.js';
import { getSyncProgress, requestSync, type RunView } from '../../ops/sync.js';
import type { Card } from '../../feishu/messenger.js';
import { card, md, note, safeText } from './cards.js';
import { exampleNames, type CommandContext, type CommandSpec } from './context.js';
import { normalizeDate, parseRange } from './parse.js';

const USAGE = ['/sync <connector> [YYYY-MM-DD | YYYY-MM-DD..YYYY-MM-DD] [--force]'];

const n = (v: number) => v.toLocaleString('en-US');

export function progressCard(title: string, range: string, run: RunView | undefined): Card {
  if (!run || run.status === 'queued') return card(`Sync ${title}: queued`, 'blue', [md(`Window **${range}** is queued; this card updates as it runs.`)]);
  const counts = `**${n(run.inserted)}** new · **${n(run.updated)}** updated · ${n(run.unchanged)} unchanged`;
  const slices = `${run.slicesDone} / ${run.slicesTotal || '?'} slices`;
  switch (run.status) {
    case 'running':
      return card(`Sync ${title}: running`, 'blue', [md(`Window **${range}** · ${slices} done`), md(counts), note(`run ${run.id ?? run.key} · started ${run.startedAt ?? ''}`)]);
    case 'succeeded':
      return card(`Sync ${title}: done`, 'green', [md(`Window **${range}** · ${slices}`), md(counts), note(`run ${run.id ?? run.key} · finished ${run.finishedAt ? `${formatBusinessTime(new Date(run.finishedAt))} (Asia/Shanghai)` : ''}`)]);
    default:
      return card(`Sync ${title}: ${run.status}`, 'red', [
        md(`Window **${range}** · ${slices} done before it stopped`),
        md(`**${safeText(run.errorMessage ?? 'The run did not finish.')}**`),
        md(`What to do: ${safeText(run.errorAction ?? 'Nothing is lost; send the same /sync again to resume from the last checkpoint.')}`),
        md(counts),
        note(`run ${run.id ?? run.key}${run.errorCode ? ` · ${run.errorCode}` : ''}`),
      ]);
  }
}

export const syncCommand: CommandSpec = {
  name: 'sync',
  aliases: ['同步'],
  summary: 'sync a connector now, or backfill a day or a range',
  usage: USAGE,
  examples(connectors) {
    const { connector } = exampleNames(connectors);
    return [`/sync ${connector}`, `/sync ${connector} 2026-02-11`, `/sync ${connector} 2026-02-01..2026-02-12 --force`, `同步 ${connector} 2026-02-11`];
  },
  // A backfill (a date or range) or --force rewrites history: admins only. A plain "sync now"
  // runs the usual scheduled window early, which anyone in an allowed chat may ask for.
  needsAdmin: (cmd) => (cmd.args.length > 1 || cmd.flags.has('force') ? 'run backfills or forced syncs' : undefined),
  async run(ctx, cmd) {
    const connector = cmd.args[0];
    if (!connector) throw new TongbuError('COMMAND_BAD_ARGS', 'name the connector to sync');
    if (normalizeDate(connector)) {
      throw new TongbuError('COMMAND_BAD_ARGS', `name the connector before the date (e.g. /sync ${exampleNames(ctx.services.connectors ?? []).connector} ${normalizeDate(connector)})`);
    }
    const unknownFlags = [...cmd.flags].filter((f) => f !== 'force');
    if (unknownFlags.length) throw new TongbuError('COMMAND_BAD_ARGS', `unknown option --${unknownFlags[0]}`);
    const { range, error } = parseRange(cmd.args.slice(1));
    if (error) throw new TongbuError('COMMAND_BAD_ARGS', error);
    const req = await requestSync(ctx.services, { connector, range, force: cmd.flags.has('force'), trigger: 'chat', requestedBy: ctx.senderOpenId });
    const window = req.from === req.to ? req.from : `${req.from}..${req.to}`;
    if (req.alreadyRunning) {
      const run = await getSyncProgress(ctx.services, req.runKeys).catch(() => undefined);
      const progress = run ? ` (${run.slicesDone} / ${run.slicesTotal || '?'} slices done)` : '';
      return card(`Sync ${req.title}: already running`, 'orange', [md(`The same sync of **${window}** is already running${progress}.`), note('Its card keeps updating; /status shows it too.')]);
    }
    const replyId = await ctx.reply(progressCard(req.title, window, undefined));
    ctx.watchRun(req.runKeys, replyId, `${req.title}|${window}`);
    return undefined;
  },
};

/**
 * Polls a run (every `everyMs`) and patches its card when something changed, until the run
 * ends. Feishu allows 5 patches a second per message, far above this.
 */
export function createRunWatcher(ctx: Pick<CommandContext, 'services' | 'update' | 'log'>, opts: { everyMs: number; maxMs: number }) {
  const active = new Set<NodeJS.Timeout>();
  return {
    watch(runKeys: string[], cardMessageId: string, label: string) {
      const [title, range] = label.split('|') as [string, string];
      const started = Date.now();
      let last = JSON.stringify(progressCard(title, range, undefined));
      const tick = async () => {
        let run: RunView | undefined;
        try {
          run = await getSyncProgress(ctx.services, runKeys);
        } catch (e) {
          ctx.log.warn({ err: e, runKeys }, 'could not read the run for its progress card');
        }
        const done = run && ['succeeded', 'failed', 'aborted'].includes(run.status);
        const next = progressCard(title, range, run);
        const key = JSON.stringify(next);
        if (key !== last) {
          last = key;
          await ctx.update(cardMessageId, next).catch((e: unknown) => ctx.log.warn({ err: describeError(e) }, 'could not update the sync card'));
        }
        if (done) return;
        if (Date.now() - started > opts.maxMs) {
          await ctx
            .update(cardMessageId, card(`Sync ${title}: still running`, 'grey', [md('This card stopped following the run; /status shows how it ends.')]))
            .catch(() => undefined);
          return;
        }
        schedule();
      };
      const schedule = () => {
        const t = setTimeout(() => {
          active.delete(t);
          void tick();
        }, opts.everyMs);
        t.unref();
        active.add(t);
      };
      schedule();
    },
    close() {
      for (const t of active) clearTimeout(t);
      active.clear();
    },
  };
}
