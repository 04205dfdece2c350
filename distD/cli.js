import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/cli.ts
import module from "node:module";

// src/cli/commands.ts
var COMMANDS = {
  serve: { usage: "serve", summary: "run the service (what `npm start` does)", load: /* @__PURE__ */ __name(() => import("./serve-VKK7R5AM.js").then((m) => m.serveCommand), "load") },
  sync: { usage: "sync <connector> [--from D] [--to D] [--json]", summary: "backfill a date range now, with a progress bar (default: the schedule's window)", load: /* @__PURE__ */ __name(() => import("./sync-LUJ4UZOZ.js").then((m) => m.syncCommand), "load") },
  status: { usage: "status [--json]", summary: "each connector's last run, next run, task state and heartbeat", load: /* @__PURE__ */ __name(() => import("./status-ZFNYHDIW.js").then((m) => m.statusCommand), "load") },
  task: { usage: "task stop|start <name>", summary: "stop a scheduled task after its current page, or start it again", load: /* @__PURE__ */ __name(() => import("./task-5JZTU3VH.js").then((m) => m.taskCommand), "load") },
  migrate: { usage: "migrate", summary: "apply pending database migrations and exit", load: /* @__PURE__ */ __name(() => import("./migrate-BDIH6OAQ.js").then((m) => m.migrateCommand), "load") },
  auth: { usage: "auth <platform> [--grant NAME] [--code CODE]", summary: "authorise a platform's OAuth app: prints the link, takes the auth_code", load: /* @__PURE__ */ __name(() => import("./auth-CQYVJJKJ.js").then((m) => m.authCommand), "load") },
  token: { usage: "token status|refresh [platform] [--json]", summary: "OAuth tokens: time left and last refresh; force a refresh", load: /* @__PURE__ */ __name(() => import("./token-7RUBVBAZ.js").then((m) => m.tokenCommand), "load") },
  export: { usage: "export <connector> <YYYY-MM> [--out DIR]", summary: "write a month of a report to an xlsx file", load: /* @__PURE__ */ __name(() => import("./export-PNYPVHCE.js").then((m) => m.exportCommand), "load") },
  summary: { usage: "summary [--day YYYY-MM-DD] [--print]", summary: "send the daily summary card of a business day (default yesterday); --print shows the card instead", load: /* @__PURE__ */ __name(() => import("./summary-ZYEI6H4I.js").then((m) => m.summaryCommand), "load") },
  dedup: { usage: "dedup check|clean|force <table> <YYYY-MM-DD> [--json]", summary: "compare one day of a mirrored table in PostgreSQL and Bitable; clean or re-send it", load: /* @__PURE__ */ __name(() => import("./dedup-HNI2OI4W.js").then((m) => m.dedupCommand), "load") },
  import: { usage: "import <file.xlsx> [--json]", summary: "import a \u552E\u5356\u660E\u7EC6 or \u65C5\u884C\u793E\u9884\u7EA6\u660E\u7EC6 export", load: /* @__PURE__ */ __name(() => import("./import-FJ45QYZS.js").then((m) => m.importCommand), "load") },
  overview: { usage: "overview [today|7d|30d|YYYY-MM] [--json]", summary: "revenue, refunds, ad spend and ROI across platforms, in \u5143", load: /* @__PURE__ */ __name(() => import("./overview-RRQNBCK5.js").then((m) => m.overviewCommand), "load") },
  fx: { usage: "fx set <CODE> <rate> | fx list", summary: "exchange rates (\u5143 per unit) for the overview", load: /* @__PURE__ */ __name(() => import("./fx-Q5DZ7T5L.js").then((m) => m.fxCommand), "load") }
};

// src/cli.ts
module.enableCompileCache?.();
async function connectorCommandList() {
  const [{ CONNECTORS }, { connectorCommands }] = await Promise.all([import("./connectors-NE47D6DA.js"), import("./connector-commands-G3RMFVVM.js")]);
  return connectorCommands(CONNECTORS);
}
__name(connectorCommandList, "connectorCommandList");
async function usage() {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${c.usage ?? name}`.padEnd(52) + c.summary);
  const { CONNECTORS } = await import("./connectors-NE47D6DA.js");
  for (const op of CONNECTORS.flatMap((c) => c.operations ?? [])) {
    lines.push(`  ${op.usage.find((u) => u.startsWith("tongbu "))?.slice("tongbu ".length) ?? op.name}`.padEnd(52) + op.summary);
  }
  for (const { command } of await connectorCommandList()) {
    lines.push(`  ${command.usage.find((u) => u.startsWith("tongbu "))?.slice("tongbu ".length) ?? command.name}`.padEnd(52) + command.summary);
  }
  return `Usage: tongbu <command> [options]

${lines.join("\n")}
`;
}
__name(usage, "usage");
async function main(argv) {
  const [name = "serve", ...rest] = argv;
  if (name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(await usage());
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    const own = (await connectorCommandList()).find((c) => c.command.name === name || c.command.aliases?.includes(name));
    if (own) return (await import("./connector-command-CTOLR5ZR.js")).connectorCliCommand(own.command.name).run(rest);
    const { CONNECTORS } = await import("./connectors-NE47D6DA.js");
    const op = (await import("./connector-commands-G3RMFVVM.js")).findOperation(CONNECTORS, name);
    if (op) return (await import("./connector-command-CTOLR5ZR.js")).operationCliCommand(op.operation.name).run(rest);
    process.stderr.write(`Unknown command "${name}".

${await usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}
__name(main, "main");
var code = await main(process.argv.slice(2));
if (code >= 0) process.exit(code);
//# sourceMappingURL=cli.js.map
