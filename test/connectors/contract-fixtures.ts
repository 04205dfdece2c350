// Each connector's fixture for the contract suite (test/connectors/contract.ts), by name.
import type { ContractFixture } from './contract.js';
import { douyinLifeContract } from './douyin-life/contract-fixture.js';
import { douplusContract } from './douplus/contract-fixture.js';
import { oceanengineLocalContract } from './oceanengine-local/contract-fixture.js';
import { xiaoeContract } from './xiaoe/contract-fixture.js';
import { temuContract } from './temu/contract-fixture.js';

export const CONTRACT_FIXTURES: Record<string, () => Promise<ContractFixture>> = {
  'douyin-life': douyinLifeContract,
  'oceanengine-local': oceanengineLocalContract,
  douplus: douplusContract,
  xiaoe: xiaoeContract,
  temu: temuContract,
};
