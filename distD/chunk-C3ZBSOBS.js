import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  sheetWorkbook
} from "./chunk-LHHEMKC6.js";
import {
  addDays,
  parseDay
} from "./chunk-MXRYIYM3.js";
import {
  TongbuError,
  findConnector
} from "./chunk-TJ5FBCIB.js";
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/ops/export.ts
function exportFor(services, connector) {
  const c = typeof connector === "string" ? findConnector(connector, services.connectors ?? []) : connector;
  const x = c?.exports?.[0];
  if (!c || !x) {
    const supported = (services.connectors ?? []).filter((d) => d.exports?.length).map((d) => `${d.name} (${d.title})`);
    throw new TongbuError("EXPORT_NOT_SUPPORTED", `${typeof connector === "string" ? connector : connector.name}; monthly exports exist for ${supported.join(", ") || "no connector"}`);
  }
  return { c, x };
}
__name(exportFor, "exportFor");
function monthRange(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month.trim());
  const first = m ? parseDay(`${m[1]}-${m[2]}-01`) : void 0;
  if (!first) throw new TongbuError("EXPORT_MONTH_INVALID", month);
  const [y, mo] = [Number(m[1]), Number(m[2])];
  const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, "0")}-01`;
  return { first, last: addDays(next, -1) };
}
__name(monthRange, "monthRange");
async function exportMonth(services, connector, month) {
  const { c, x } = exportFor(services, connector);
  const sheetData = await x.month(services.pool, monthRange(month));
  if (!sheetData.rows.length) throw new TongbuError("EXPORT_EMPTY", `${x.title} ${month.trim()}`);
  const buffer = await sheetWorkbook(`${x.title} ${month.trim()}`, sheetData);
  return { fileName: `${c.title}_${month.trim()}.xlsx`, buffer, rows: sheetData.rows.length, totals: sheetData.totals };
}
__name(exportMonth, "exportMonth");

export {
  monthRange,
  exportMonth
};
//# sourceMappingURL=chunk-C3ZBSOBS.js.map
