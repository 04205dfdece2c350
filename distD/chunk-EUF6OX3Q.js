import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  TongbuError,
  settingsOf
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/connector-commands.ts
function connectorCommands(connectors) {
  return connectors.flatMap((connector) => (connector.commands ?? []).map((command) => ({ connector, command })));
}
__name(connectorCommands, "connectorCommands");
function findConnectorCommand(connectors, name) {
  const n = name.trim().toLowerCase();
  return connectorCommands(connectors).find(({ command }) => command.name === n || command.aliases?.some((a) => a.toLowerCase() === n));
}
__name(findConnectorCommand, "findConnectorCommand");
async function runConnectorCommand(services, name, input, now = /* @__PURE__ */ new Date()) {
  const found = findConnectorCommand(services.connectors ?? [], name);
  if (!found) throw new TongbuError("COMMAND_UNKNOWN", name);
  const report = await found.command.run({ pool: services.pool, settings: settingsOf(found.connector, services.config), log: services.log, now }, input);
  return { ...found, report };
}
__name(runConnectorCommand, "runConnectorCommand");
function reportText(report) {
  const lines = [report.title, ...report.figures.map((f) => `  ${f.label}: ${f.value}`), ...(report.notes ?? []).map((n) => `  ${n}`)];
  return `${lines.join("\n")}
`;
}
__name(reportText, "reportText");
function findOperation(connectors, name) {
  const n = name.trim().toLowerCase();
  for (const connector of connectors) {
    const operation = connector.operations?.find((o) => o.name === n || o.aliases?.some((a) => a.toLowerCase() === n));
    if (operation) return { connector, operation };
  }
  return void 0;
}
__name(findOperation, "findOperation");
async function runOperation(services, name, args, requestedBy) {
  const found = findOperation(services.connectors ?? [], name);
  if (!found) throw new TongbuError("COMMAND_UNKNOWN", name);
  const rt = services.engine?.runtime(found.connector.name, { allowDisabled: true });
  if (!rt) throw new TongbuError("CONNECTOR_UNKNOWN", found.connector.name);
  return found.operation.run({ ...rt.context, notifier: services.notifier, requestedBy }, args);
}
__name(runOperation, "runOperation");

export {
  connectorCommands,
  findConnectorCommand,
  runConnectorCommand,
  reportText,
  findOperation,
  runOperation
};
//# sourceMappingURL=chunk-EUF6OX3Q.js.map
