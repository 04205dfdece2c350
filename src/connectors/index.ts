// Every connector Tongbu knows, in the order /status lists them. A new platform is one folder
// in src/connectors/, its emulator in src/sandbox/, a migration, and one line here.
import { findConnector as findIn } from '../engine/connector.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import { douyinLife } from './douyin-life/index.js';
import { oceanengineLocal } from './oceanengine-local/index.js';
import { douplus } from './douplus/index.js';
import { xiaoe } from './xiaoe/index.js';
import { temu } from './temu/index.js';

export const CONNECTORS: ConnectorDeclaration[] = [
  douyinLife,
  oceanengineLocal,
  douplus,
  xiaoe,
  temu,
];

/** Find a connector by name or alias, case-insensitively. */
export function findConnector(name: string, list: ConnectorDeclaration[] = CONNECTORS): ConnectorDeclaration | undefined {
  return findIn(name, list);
}
