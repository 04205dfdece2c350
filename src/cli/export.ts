// `tongbu export <connector> 2026-02 [--out DIR]`: the month as xlsx, written to disk (in chat,
// /export sends the same file).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exportMonth } from '../ops/export.js';
import type { CliCommand } from './command.js';
import { printError, withServices } from './context.js';

export const exportCommand: CliCommand = {
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    } catch (e) {
      printError(e);
      return 2;
    }
    const [connector, month] = parsed.positionals;
    if (!connector || !month) {
      process.stderr.write('Usage: tongbu export <connector> 2026-02 [--out DIR]\n');
      return 2;
    }
    return withServices(async (services) => {
      const out = await exportMonth(services, connector, month);
      const dir = path.resolve(parsed.values.out ?? '.');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, out.fileName);
      await writeFile(file, out.buffer);
      process.stdout.write(`${file}: ${out.rows} rows\n`);
      return 0;
    });
  },
};
