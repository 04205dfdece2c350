// `tongbu import FILE [--json]`: the CLI door to the same import as chat, folder and HTTP.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { describeError } from '../errors.js';
import { importExcel } from '../excel/import-service.js';
import { renderImportSummaryText } from '../excel/import-summary.js';
import { createLogger } from '../logger.js';
import { createMetrics } from '../metrics.js';
import type { CliCommand } from './command.js';

export const importCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      process.stderr.write('Usage: tongbu import <file.xlsx> [--json]\n');
      return 2;
    }
    const config = loadConfig();
    // Logs go to stderr at warn and above so stdout holds only the summary.
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, { pretty: false });
    let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'Importing {file} | {value} rows | {duration}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
    try {
      db = await openDatabase(config, log);
      bar?.start(0, 0, { file: basename(file) });
      const summary = await importExcel(
        { config, log, pool: db.pool, metrics: createMetrics() },
        { source: 'cli', fileName: basename(file), path: file, requestedBy: process.env.USER ?? 'cli', onProgress: (n) => bar?.update(n) },
      );
      bar?.stop();
      process.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : renderImportSummaryText(summary));
      return 0;
    } catch (e) {
      bar?.stop();
      const d = describeError(e);
      if (values.json) process.stdout.write(`${JSON.stringify({ error: d }, null, 2)}\n`);
      process.stderr.write(`${d.message}\n${d.action}\n`);
      return 1;
    } finally {
      await db?.close();
    }
  },
};
