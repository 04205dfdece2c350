// `tongbu <command>`: the admin's door to the same operations as chat and HTTP (src/ops/).
// Each command lives in src/cli/<name>.ts and is listed in src/cli/commands.ts.
import { COMMANDS } from './cli/commands.js';

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${c.usage ?? name}`.padEnd(52) + c.summary);
  return `Usage: tongbu <command> [options]\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

const code = await main(process.argv.slice(2));
// A negative code means the command keeps the process alive (serve).
if (code >= 0) process.exit(code);
