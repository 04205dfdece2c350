// `tongbu import FILE [--json]`: the CLI door to the same import as chat, folder and HTTP.
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { describeError } from '../errors.js';
import { importFile } from '../excel/import-service.js';
import { renderImportOutcomeText } from '../excel/import-summary.js';
import type { CliCommand } from './command.js';
import { withServices } from './context.js';

export const importCommand: CliCommand = {
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      process.stderr.write('Usage: tongbu import <file.xlsx> [--json]\n');
      return 2;
    }
    // The engine (not started) gives a connector sheet its context; no emulator is needed to import.
    return withServices(
      async (services) => {
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ format: 'Importing {file} | {value} rows | {duration}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
          : undefined;
        try {
          bar?.start(0, 0, { file: basename(file) });
          // Whoever runs the CLI on the server is an admin.
          const outcome = await importFile(services, {
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
        }
      },
      { emulators: false },
    );
  },
};
