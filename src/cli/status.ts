import { formatBusinessTime } from '../engine/time.js';
import { getStatus } from '../ops/status.js';
import { withServices } from './context.js';
import type { CliCommand } from './command.js';

export const statusCommand: CliCommand = {
  async run(args) {
    const json = args.includes('--json');
    return withServices(async (services) => {
      const report = await getStatus(services);
      if (json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return 0;
      }
      for (const c of report.connectors) {
        process.stdout.write(`${c.title} (${c.name}) — ${c.mode}${c.reason ? `: ${c.reason}` : ''}, task ${c.task.state}\n`);
        if (c.lastRun) {
          const r = c.lastRun;
          process.stdout.write(`  last run: ${r.status} at ${r.startedAt ? formatBusinessTime(new Date(r.startedAt)) : '?'} — ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged${r.errorMessage ? ` — ${r.errorMessage}` : ''}\n`);
        } else process.stdout.write('  last run: never\n');
        process.stdout.write(`  next run: ${c.nextRunAt ? formatBusinessTime(new Date(c.nextRunAt)) : '—'}\n`);
        process.stdout.write(`  heartbeat: ${c.task.heartbeatAgeSeconds !== undefined ? `${c.task.heartbeatAgeSeconds}s ago` : 'none yet'}\n`);
      }
      for (const x of report.extras) process.stdout.write(`${x.title}\n${x.lines.map((l) => `  ${l}`).join('\n')}\n`);
      return 0;
    }, { light: true });
  },
};
