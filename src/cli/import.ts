// `tongbu import FILE [--json]`: the CLI door to the same import as chat, folder and HTTP.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { ConfigError } from '../config.js';
import { CONNECTORS } from '../connectors/index.js';
import { connectorRedactPaths, loadSettings } from '../engine/connector.js';
import { describeError } from '../errors.js';
import { importFile } from '../excel/import-service.js';
import { renderImportOutcomeText } from '../excel/import-summary.js';
import { createLogger } from '../logger.js';
import { openServices } from '../main.js';
import type { CliCommand } from './command.js';

export const importCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      process.stderr.write('Usage: tongbu import <file.xlsx> [--json]\n');
      return 2;
    }
    let config;
    try {
      config = loadSettings(process.env, CONNECTORS);
    } catch (e) {
      process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
      return 1;
    }
    // Logs go to stderr at warn and above so stdout holds only the summary.
    const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, { pretty: false, redact: connectorRedactPaths(CONNECTORS) });
    let opened: Awaited<ReturnType<typeof openServices>> | undefined;
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: 'Importing {file} | {value} rows | {duration}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
    try {
      // The engine (not started) gives a connector sheet its context; no emulator is needed to import.
      opened = await openServices(config, log, { emulators: false });
      bar?.start(0, 0, { file: basename(file) });
      // Whoever runs the CLI on the server is an admin.
      const outcome = await importFile(opened.services, {
        source: 'cli',
        fileName: basename(file),
        path: file,
        requestedBy: process.env.USER ?? 'cli',
        admin: true,
        onProgress: (n) => bar?.update(n),
      });
      bar?.stop();
      const out = outcome.kind === 'report' ? outcome.summary : outcome;
      process.stdout.write(values.json ? `${JSON.stringify(out, null, 2)}\n` : renderImportOutcomeText(outcome));
      return 0;
    } catch (e) {
      bar?.stop();
      const d = describeError(e);
      if (values.json) process.stdout.write(`${JSON.stringify({ error: d }, null, 2)}\n`);
      process.stderr.write(`${d.message}\n${d.action}\n`);
      return 1;
    } finally {
      await opened?.close();
    }
  },
};
