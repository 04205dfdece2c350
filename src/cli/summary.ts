// `tongbu summary [--day YYYY-MM-DD] [--print]`: send (or print) the daily summary card of a
// business day, yesterday by default, followed by the connectors' own cards of that day (with
// their .xlsx files). Sent even if the schedule already sent that day.
import { parseArgs } from 'node:util';
import { CONNECTORS } from '../connectors/index.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import { buildDailySummary, checkDay, sendDailySummary } from '../notify/daily-summary.js';
import { createNotifications } from '../notify/create-notifier.js';
import { yesterday } from '../engine/time.js';
import type { Services } from '../services.js';
import type { CliCommand } from './command.js';
import { withServices } from './context.js';

export async function runSummary(services: Services, args: string[], out: NodeJS.WritableStream, connectors: ConnectorDeclaration[] = CONNECTORS): Promise<number> {
  const { values } = parseArgs({ args, options: { day: { type: 'string' }, print: { type: 'boolean', default: false } }, allowPositionals: false });
  const day = checkDay(values.day ?? yesterday());
  if (values.print) {
    out.write(`${JSON.stringify(await buildDailySummary({ ...services, connectors }, day), null, 2)}\n`);
    return 0;
  }
  const broadcaster = services.broadcaster ?? createNotifications({ config: services.config, log: services.log, pool: services.pool }).broadcaster;
  const outcome = await sendDailySummary({ pool: services.pool, log: services.log, broadcaster, connectors, config: services.config, runs: services.engine && ((name) => services.engine?.runs(name) ?? true) }, day);
  const r = outcome.result;
  const reports = outcome.reports?.length ? ` Then ${outcome.reports.map((x) => `${x.title}${x.file ? ` (+ ${x.file.name})` : ''}`).join(', ')}.` : '';
  if (r?.logOnly) out.write(`Summary of ${day} written to the log: no FEISHU_NOTIFY_CHAT_IDS or FEISHU_WEBHOOK_URL is configured.\n`);
  else if (outcome.sent) out.write(`Summary of ${day} sent to ${r?.delivered} place(s)${r?.failed ? `, ${r.failed} failed (see the log)` : ''}.${reports}\n`);
  else {
    out.write(`Summary of ${day} could not be delivered; the log says why.\n`);
    return 1;
  }
  return 0;
}

export const summaryCommand: CliCommand = {
  run: (args) => withServices((services) => runSummary(services, args, process.stdout)),
};
