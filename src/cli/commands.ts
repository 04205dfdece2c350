import type { CliCommand } from './command.js';
import { serveCommand } from './serve.js';

export const COMMANDS: Record<string, CliCommand> = {
  serve: serveCommand,
};
