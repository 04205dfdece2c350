// Every connector Tongbu knows, in the order /status lists them. A new platform is one folder
// in src/connectors/, its emulator in src/sandbox/, a migration, and one line here.
import type { ConnectorDeclaration } from '../engine/types.js';
import { douyinLife } from './douyin-life/index.js';
import { oceanengineLocal } from './oceanengine-local/index.js';
import { xiaoe } from './xiaoe/index.js';

export const CONNECTORS: ConnectorDeclaration[] = [douyinLife as unknown as ConnectorDeclaration, oceanengineLocal as unknown as ConnectorDeclaration, xiaoe];

/** Find a connector by name or alias, case-insensitively. */
export function findConnector(name: string, list: ConnectorDeclaration[] = CONNECTORS): ConnectorDeclaration | undefined {
  const n = name.trim().toLowerCase();
  return list.find((c) => c.name === n || c.aliases?.some((a) => a.toLowerCase() === n));
}
