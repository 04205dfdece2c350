import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  sheetWorkbook
} from "./chunk-LHHEMKC6.js";
import "./chunk-RZBAZSCI.js";
export {
  sheetWorkbook
};
//# sourceMappingURL=sheet-workbook-JN5YH67O.js.map
