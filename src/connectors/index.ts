// Every connector Tongbu knows, in the order /status lists them. A new platform is one folder
// in src/connectors/, its emulator in src/sandbox/, a migration, and one line here. A product
// built on another's open platform (src/engine/open-platform.ts) gets it here: DOU+ runs on the
// 巨量引擎 platform whose code sits with 巨量本地推.
import { findConnector as findIn } from '../engine/connector.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import { douyinLife } from './douyin-life/index.js';
import { oceanengineLocal } from './oceanengine-local/index.js';
import { oceanengineOpenPlatform } from './oceanengine-local/open-platform.js';
import { douplusConnector } from './douplus/index.js';
import { xiaoe } from './xiaoe/index.js';
import { temu } from './temu/index.js';

export const douplus = douplusConnector(oceanengineOpenPlatform);

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
