// `tongbu <command>`: the admin's door to the same operations as chat and HTTP (src/ops/).
// Each command lives in src/cli/<name>.ts and is listed in src/cli/commands.ts.
import module from 'node:module';
import { COMMANDS } from './cli/commands.js';

// Node 22.1+ keeps V8's compiled code of the modules loaded from here on between runs (in the
// system's temporary folder, or NODE_COMPILE_CACHE), so a command starts faster from its second
// run. Node 20 has no such cache: nothing happens there.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/** Each connector's own commands (its declaration's `commands`), loaded only when asked for. */
async function connectorCommandList() {
  const [{ CONNECTORS }, { connectorCommands }] = await Promise.all([import('./connectors/index.js'), import('./ops/connector-commands.js')]);
  return connectorCommands(CONNECTORS);
}

async function usage(): Promise<string> {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${c.usage ?? name}`.padEnd(52) + c.summary);
  const { CONNECTORS } = await import('./connectors/index.js');
  for (const op of CONNECTORS.flatMap((c) => c.operations ?? [])) {
    lines.push(`  ${op.usage.find((u) => u.startsWith('tongbu '))?.slice('tongbu '.length) ?? op.name}`.padEnd(52) + op.summary);
  }
  for (const { command } of await connectorCommandList()) {
    lines.push(`  ${command.usage.find((u) => u.startsWith('tongbu '))?.slice('tongbu '.length) ?? command.name}`.padEnd(52) + command.summary);
  }
  return `Usage: tongbu <command> [options]\n\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name = 'serve', ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(await usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const own = (await connectorCommandList()).find((c) => c.command.name === name || c.command.aliases?.includes(name));
    if (own) return (await import('./cli/connector-command.js')).connectorCliCommand(own.command.name).run(rest);
    const { CONNECTORS } = await import('./connectors/index.js');
    const op = (await import('./ops/connector-commands.js')).findOperation(CONNECTORS, name);
    if (op) return (await import('./cli/connector-command.js')).operationCliCommand(op.operation.name).run(rest);
    process.stderr.write(`Unknown command "${name}".\n\n${await usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

const code = await main(process.argv.slice(2));
// A negative code means the command keeps the process alive (serve).
if (code >= 0) process.exit(code);
