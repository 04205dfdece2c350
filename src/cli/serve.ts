import { runService } from '../main.js';
import type { CliCommand } from './command.js';

export const serveCommand: CliCommand = {
  async run() {
    await runService();
    return -1;
  },
};
