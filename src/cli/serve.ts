import { runService } from '../main.js';
import type { CliCommand } from './command.js';

export const serveCommand: CliCommand = {
  usage: 'serve',
  summary: 'run the service (what `npm start` does)',
  async run() {
    await runService();
    return -1;
  },
};
