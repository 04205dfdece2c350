import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  __name
} from "./chunk-RZBAZSCI.js";

// src/excel/sheet-workbook.ts
async function sheetWorkbook(title, sheetData) {
  const money = new Set(sheetData.columns.filter((col) => col.money).map((col) => col.key));
  const asCells = /* @__PURE__ */ __name((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, money.has(k) && v !== null && v !== void 0 ? Number(v) : v])), "asCells");
  const { default: ExcelJS } = await import("exceljs");
  const book = new ExcelJS.Workbook();
  book.creator = "Tongbu";
  const sheet = book.addWorksheet(title.replace(/[[\]:*?/\\]/g, " ").slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = sheetData.columns.map((h) => ({ header: h.header, key: h.key, width: h.width, style: h.money ? { numFmt: "#,##0.00" } : {} }));
  sheet.getRow(1).font = { bold: true };
  for (const r of sheetData.rows) sheet.addRow(asCells(r));
  if (sheetData.totals) sheet.addRow(asCells(sheetData.totals)).font = { bold: true };
  return Buffer.from(await book.xlsx.writeBuffer());
}
__name(sheetWorkbook, "sheetWorkbook");

export {
  sheetWorkbook
};
//# sourceMappingURL=chunk-LHHEMKC6.js.map
