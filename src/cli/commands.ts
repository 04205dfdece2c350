import type { CliCommand } from './command.js';
import { importCommand } from './import.js';
import { serveCommand } from './serve.js';

export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
  import: importCommand,
};
