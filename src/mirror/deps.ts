// What the mirror, /dedup and /status need besides the Services: the Feishu SDK client and the
// call counter. The lead wires `services.bitable = { client, countCall }` at boot (the counter
// goes to the bot's persisted monthly quota counter); tests build them against the emulator.
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Services } from '../services.js';
import { BitableApi, type BitableApiOptions } from './api.js';
import { builtinMappings, loadMappings, type BitableMapping } from './mapping.js';

export interface BitableDeps {
  client: lark.Client;
  /** Called once per Feishu API call (default: the feishuCalls metric). */
  countCall?: (kind: string) => void;
  /** Default: the connectors' built-ins + BITABLE_MAPPING. */
  mappings?: BitableMapping[];
  /** Retry and pacing overrides (tests: short backoffs). */
  api?: Partial<BitableApiOptions>;
}

export function defaultCountCall(services: Pick<Services, 'metrics'>): (kind: string) => void {
  return (kind) => services.metrics.feishuCalls.inc({ kind });
}

export function createBitableApi(services: Pick<Services, 'config' | 'metrics'>, deps: BitableDeps): BitableApi {
  return new BitableApi(deps.client, {
    countCall: deps.countCall ?? defaultCountCall(services),
    writesPerSecond: services.config.BITABLE_WRITES_PER_SECOND,
    ...deps.api,
  });
}

/** The mappings in effect: given ones (tests), else the connectors' built-ins and BITABLE_MAPPING. */
export function mappingsOf(services: Pick<Services, 'config' | 'connectors'>, deps?: Pick<BitableDeps, 'mappings'>): BitableMapping[] {
  return deps?.mappings ?? loadMappings(services.config, builtinMappings(services.connectors));
}
