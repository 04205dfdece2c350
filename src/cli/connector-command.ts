// `tongbu <command> [words…] [--flag value] [--json] [--xlsx FILE]`: a connector's own command
// (its declaration's `commands`), the same operation chat runs as `/<command>`.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { reportText, runConnectorCommand, runOperation } from '../ops/connector-commands.js';
import type { CliCommand } from './command.js';
import { printError, withServices } from './context.js';

export function connectorCliCommand(name: string): CliCommand {
  return {
    async run(args) {
      let parsed;
      try {
        parsed = parseArgs({ args, allowPositionals: true, strict: false, options: { json: { type: 'boolean' }, xlsx: { type: 'string' } } });
      } catch (e) {
        printError(e);
        return 2;
      }
      const { json, xlsx, ...flags } = parsed.values as Record<string, string | boolean | undefined>;
      return withServices(
        async (services) => {
          const { report } = await runConnectorCommand(services, name, {
            args: parsed.positionals,
            flags: Object.fromEntries(Object.entries(flags).filter((e): e is [string, string | boolean] => e[1] !== undefined)),
          });
          process.stdout.write(json ? `${JSON.stringify(report.data, null, 2)}\n` : reportText(report));
          if (typeof xlsx === 'string' && report.attachment) {
            const { sheetWorkbook } = await import('../excel/sheet-workbook.js');
            await writeFile(xlsx, await sheetWorkbook(report.title, report.attachment.sheet));
            process.stdout.write(`${xlsx}: ${report.attachment.sheet.rows.length} rows\n`);
          }
          return 0;
        },
        // A command gets the pool and its settings (src/ops/connector-commands.ts): the light path.
        { light: true },
      );
    },
  };
}

/** `tongbu <operation> words…`: a connector's operation, the same as chat's `/<operation>`. */
export function operationCliCommand(name: string): CliCommand {
  return {
    async run(args) {
      return withServices(async (services) => {
        const r = await runOperation(services, name, args, 'cli');
        process.stdout.write(`${r.title}\n${r.lines.map((l) => `  ${l}`).join('\n')}\n`);
        return r.ok ? 0 : 1;
      });
    },
  };
}
