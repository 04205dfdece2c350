// Sandbox mode, one party at a time: a platform with no credentials (SANDBOX=auto) or every
// platform (SANDBOX=on) is served by its emulator, started in this process; with SANDBOX=off a
// platform without credentials is disabled. Emulators get fixed sandbox credentials, which are
// handed to the connector as if they were configured.
import type { Config } from '../config.js';
import type { ConnectorDeclaration } from '../engine/types.js';
import type { Logger } from '../logger.js';
import { createDouyinLifeEmulator } from './douyin-life/emulator.js';
import { oceanengineSandbox } from './oceanengine-local/sandbox.js';

export interface PlatformSandbox {
  baseUrl: string;
  /** Settings that make the connector talk to this emulator (credentials, accounts). */
  settings: Partial<Config>;
  close(): Promise<void>;
}

export type SandboxFactory = (config: Config, port: number) => Promise<PlatformSandbox>;

export const SANDBOX_FACTORIES: Record<string, SandboxFactory> = {
  'douyin-life': async (_config, port) => {
    // Two thousand orders over the 30 days before the current hour: the same data set for every
    // process started within the hour, so re-runs show 0 inserted / 0 updated as they should.
    const hour = Math.floor(Date.now() / 3_600_000) * 3600;
    const emu = createDouyinLifeEmulator({ orders: 2000, from: hour - 30 * 86400, to: hour, accounts: ['7000000000000000001'] });
    await emu.listen(port);
    return {
      baseUrl: emu.baseUrl,
      settings: { DOUYIN_LIFE_CLIENT_KEY: emu.clientKey, DOUYIN_LIFE_CLIENT_SECRET: emu.clientSecret, DOUYIN_LIFE_ACCOUNT_ID: emu.accounts },
      close: () => emu.close(),
    };
  },
  'oceanengine-local': oceanengineSandbox,
};

export interface ConnectorMode {
  mode: 'live' | 'sandbox' | 'disabled';
  reason?: string;
  baseUrl: string;
  config: Config;
  accounts: string[];
  close?: () => Promise<void>;
}

export async function resolveConnectorMode(decl: ConnectorDeclaration, config: Config, log: Logger): Promise<ConnectorMode> {
  const setup = decl.setup(config);
  const wantSandbox = config.SANDBOX === 'on' || (config.SANDBOX === 'auto' && !setup.configured);
  if (!wantSandbox) {
    if (!setup.configured) {
      const reason = `${decl.title} (${decl.name}) is disabled: no credentials and SANDBOX=off`;
      log.warn(reason);
      return { mode: 'disabled', reason, baseUrl: setup.realBaseUrl, config, accounts: [] };
    }
    return { mode: 'live', baseUrl: setup.baseUrl ?? setup.realBaseUrl, config, accounts: setup.accounts };
  }
  const factory = SANDBOX_FACTORIES[decl.name];
  if (!factory) {
    const reason = `${decl.title} (${decl.name}) has no credentials and no emulator: disabled`;
    log.warn(reason);
    return { mode: 'disabled', reason, baseUrl: setup.realBaseUrl, config, accounts: [] };
  }
  const sandbox = await factory(config, config.SANDBOX_PORT ? config.SANDBOX_PORT + 1 + Object.keys(SANDBOX_FACTORIES).indexOf(decl.name) : 0);
  const effective = { ...config, ...sandbox.settings } as Config;
  log.info(`${decl.title} (${decl.name}): no credentials configured, using the built-in emulator at ${sandbox.baseUrl} (sandbox mode)`);
  return { mode: 'sandbox', baseUrl: sandbox.baseUrl, config: effective, accounts: decl.setup(effective).accounts, close: sandbox.close };
}
