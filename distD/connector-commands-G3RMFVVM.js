import { createRequire as __tongbuRequire } from 'node:module'; const require = __tongbuRequire(import.meta.url);
import {
  connectorCommands,
  findConnectorCommand,
  findOperation,
  reportText,
  runConnectorCommand,
  runOperation
} from "./chunk-EUF6OX3Q.js";
import "./chunk-TJ5FBCIB.js";
import "./chunk-RZBAZSCI.js";
export {
  connectorCommands,
  findConnectorCommand,
  findOperation,
  reportText,
  runConnectorCommand,
  runOperation
};
//# sourceMappingURL=connector-commands-G3RMFVVM.js.map
