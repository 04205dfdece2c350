// Every entry of CONNECTORS passes the connector contract against its emulator.
import { describe, expect, it } from 'vitest';
import { CONNECTORS } from '../../src/connectors/index.js';
import { contractSuite } from './contract.js';
import { CONTRACT_FIXTURES } from './contract-fixtures.js';

describe('every registered connector has a contract fixture', () => {
  it('names them all', () => {
    expect(CONNECTORS.map((c) => c.name).filter((n) => !CONTRACT_FIXTURES[n])).toEqual([]);
  });
});

for (const decl of CONNECTORS) {
  const fixture = CONTRACT_FIXTURES[decl.name];
  if (fixture) contractSuite(decl, fixture);
}
