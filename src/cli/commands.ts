// The CLI's commands. Each lives in src/cli/<name>.ts and is imported only when it runs, so
// `tongbu status` does not load what `tongbu import` needs (exceljs, the parsers).
import type { CliCommand } from './command.js';

export interface CliEntry {
  usage: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: Record<string, CliEntry> = {
  serve: { usage: 'serve', summary: 'run the service (what `npm start` does)', load: () => import('./serve.js').then((m) => m.serveCommand) },
  sync: { usage: 'sync <connector> [--from D] [--to D] [--json]', summary: "backfill a date range now, with a progress bar (default: the schedule's window)", load: () => import('./sync.js').then((m) => m.syncCommand) },
  status: { usage: 'status [--json]', summary: "each connector's last run, next run, task state and heartbeat", load: () => import('./status.js').then((m) => m.statusCommand) },
  task: { usage: 'task stop|start <name>', summary: 'stop a scheduled task after its current page, or start it again', load: () => import('./task.js').then((m) => m.taskCommand) },
  migrate: { usage: 'migrate', summary: 'apply pending database migrations and exit', load: () => import('./migrate.js').then((m) => m.migrateCommand) },
  auth: { usage: 'auth <platform> [--grant NAME] [--code CODE]', summary: "authorise a platform's OAuth app: prints the link, takes the auth_code", load: () => import('./auth.js').then((m) => m.authCommand) },
  token: { usage: 'token status|refresh [platform] [--json]', summary: 'OAuth tokens: time left and last refresh; force a refresh', load: () => import('./token.js').then((m) => m.tokenCommand) },
  export: { usage: 'export <connector> <YYYY-MM> [--out DIR]', summary: 'write a month of a report to an xlsx file', load: () => import('./export.js').then((m) => m.exportCommand) },
  summary: { usage: 'summary [--day YYYY-MM-DD] [--print]', summary: 'send the daily summary card of a business day (default yesterday); --print shows the card instead', load: () => import('./summary.js').then((m) => m.summaryCommand) },
  dedup: { usage: 'dedup check|clean|force <table> <YYYY-MM-DD> [--json]', summary: 'compare one day of a mirrored table in PostgreSQL and Bitable; clean or re-send it', load: () => import('./dedup.js').then((m) => m.dedupCommand) },
  import: { usage: 'import <file.xlsx> [--json]', summary: 'import a 售卖明细 or 旅行社预约明细 export', load: () => import('./import.js').then((m) => m.importCommand) },
  overview: { usage: 'overview [today|7d|30d|YYYY-MM] [--json]', summary: 'revenue, refunds, ad spend and ROI across platforms, in 元', load: () => import('./overview.js').then((m) => m.overviewCommand) },
  fx: { usage: 'fx set <CODE> <rate> | fx list', summary: 'exchange rates (元 per unit) for the overview', load: () => import('./fx.js').then((m) => m.fxCommand) },
};
