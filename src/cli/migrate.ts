import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { printError } from './context.js';
import type { CliCommand } from './command.js';

export const migrateCommand: CliCommand = {
  async run() {
    try {
      const config = loadConfig();
      const db = await openDatabase(config, createLogger('info', { stderr: true }));
      await db.close();
      process.stdout.write('migrations are up to date\n');
      return 0;
    } catch (e) {
      printError(e);
      return 1;
    }
  },
};
