// A connector's own commands (its declaration's `commands`), run the same way from every door:
// chat `/<name> …`, `tongbu <name> … [--flag value] [--json]`, and the HTTP API.
import { settingsOf } from '../engine/connector.js';
import type { ConnectorCommand, ConnectorDeclaration, ConnectorReport, OperationDeclaration, OpReport } from '../engine/types.js';
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';

export interface FoundCommand {
  connector: ConnectorDeclaration;
  command: ConnectorCommand;
}

/** Every connector command, with its connector. */
export function connectorCommands(connectors: readonly ConnectorDeclaration[]): FoundCommand[] {
  return connectors.flatMap((connector) => (connector.commands ?? []).map((command) => ({ connector, command })));
}

/** A command by name or alias, or undefined. */
export function findConnectorCommand(connectors: readonly ConnectorDeclaration[], name: string): FoundCommand | undefined {
  const n = name.trim().toLowerCase();
  return connectorCommands(connectors).find(({ command }) => command.name === n || command.aliases?.some((a) => a.toLowerCase() === n));
}

export async function runConnectorCommand(
  services: Pick<Services, 'pool' | 'config' | 'log' | 'connectors'>,
  name: string,
  input: { args: string[]; flags: Record<string, string | boolean> },
  now = new Date(),
): Promise<FoundCommand & { report: ConnectorReport }> {
  const found = findConnectorCommand(services.connectors ?? [], name);
  if (!found) throw new TongbuError('COMMAND_UNKNOWN', name);
  const report = await found.command.run({ pool: services.pool, settings: settingsOf(found.connector, services.config), log: services.log, now }, input);
  return { ...found, report };
}

/** A report as text lines (CLI). */
export function reportText(report: ConnectorReport): string {
  const lines = [report.title, ...report.figures.map((f) => `  ${f.label}: ${f.value}`), ...(report.notes ?? []).map((n) => `  ${n}`)];
  return `${lines.join('\n')}\n`;
}

/** A connector's operation (its declaration's `operations`) by name or alias. */
export function findOperation(connectors: readonly ConnectorDeclaration[], name: string): { connector: ConnectorDeclaration; operation: OperationDeclaration } | undefined {
  const n = name.trim().toLowerCase();
  for (const connector of connectors) {
    const operation = connector.operations?.find((o) => o.name === n || o.aliases?.some((a) => a.toLowerCase() === n));
    if (operation) return { connector, operation };
  }
  return undefined;
}

/** Run a connector's operation with the context its engine runtime gives its client. */
export async function runOperation(services: Services, name: string, args: string[], requestedBy: string): Promise<OpReport> {
  const found = findOperation(services.connectors ?? [], name);
  if (!found) throw new TongbuError('COMMAND_UNKNOWN', name);
  const rt = services.engine?.runtime(found.connector.name, { allowDisabled: true });
  if (!rt) throw new TongbuError('CONNECTOR_UNKNOWN', found.connector.name);
  return found.operation.run({ ...rt.context, notifier: services.notifier, requestedBy }, args);
}
