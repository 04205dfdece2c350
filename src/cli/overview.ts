// `tongbu overview [today|yesterday|7d|30d|YYYY-MM|from..to] [--json]`: revenue, refunds, ad spend
// and ROI across platforms, in 元.
import { parseArgs } from 'node:util';
import { formatYuan } from '../money.js';
import { getOverview } from '../ops/overview.js';
import type { CliCommand } from './command.js';
import { printError, withServices } from './context.js';

export const overviewCommand: CliCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    return withServices(
      async (services) => {
        const o = await getOverview(services, parsed.positionals[0]);
        if (parsed.values.json) {
          process.stdout.write(`${JSON.stringify(o, null, 2)}\n`);
          return 0;
        }
        const t = o.totals;
        process.stdout.write(`Overview ${o.period.from === o.period.to ? o.period.from : `${o.period.from}..${o.period.to}`}\n`);
        process.stdout.write(`  revenue ${formatYuan(t.revenue)}, refunds ${formatYuan(t.refunds)}, ad spend ${formatYuan(t.adSpend)}, orders ${t.orders}, ROI ${t.roi ?? '—'}\n`);
        if (t.missingRates.length) process.stdout.write(`  not counted (no exchange rate): ${t.missingRates.join(', ')} — set one with \`tongbu fx set <CODE> <rate>\`\n`);
        for (const p of o.platforms) process.stdout.write(`  ${p.platform} ${p.metric}: ${p.value}${p.missingRates.length ? ` (+ ${p.missingRates.join(', ')} without a rate)` : ''}\n`);
        return 0;
      },
      { emulators: false },
    );
  },
};
