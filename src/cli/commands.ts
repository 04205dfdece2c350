import { authCommand } from './auth.js';
import type { CliCommand } from './command.js';
import { exportCommand } from './export.js';
import { tokenCommand } from './token.js';
import { dedupCommand } from './dedup.js';
import { migrateCommand } from './migrate.js';
import { importCommand } from './import.js';
import { serveCommand } from './serve.js';
import { statusCommand } from './status.js';
import { syncCommand } from './sync.js';
import { summaryCommand } from './summary.js';
import { taskCommand } from './task.js';

export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
  sync: syncCommand,
  status: statusCommand,
  task: taskCommand,
  migrate: migrateCommand,
  auth: authCommand,
  token: tokenCommand,
  export: exportCommand,
  summary: summaryCommand,
  dedup: dedupCommand,
  import: importCommand,
};
