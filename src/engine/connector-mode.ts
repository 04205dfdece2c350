// Sandbox mode, one party at a time: a platform with no credentials (SANDBOX=auto) or every
// platform (SANDBOX=on) is served by its emulator, loaded from the declaration only then (a
// production process loads no emulator module); with SANDBOX=off a platform without credentials
// is disabled. Emulators hand the connector their own credentials as settings.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { settingsOf, withEnv } from './connector.js';
import type { ConnectorDeclaration } from './types.js';

export interface ConnectorMode {
  mode: 'live' | 'sandbox' | 'disabled';
  reason?: string;
  baseUrl: string;
  /** Settings in effect (an emulator's credentials applied in sandbox mode). */
  config: Config;
  /** The connector's own settings under `config`. */
  settings: unknown;
  accounts: string[];
  close?: () => Promise<void>;
}

export async function resolveConnectorMode(
  decl: ConnectorDeclaration,
  config: Config,
  log: Logger,
  index = 0,
  opts: { withEmulators?: boolean } = {},
): Promise<ConnectorMode> {
  const settings = settingsOf(decl, config);
  const setup = decl.setup(settings);
  const wantSandbox = config.SANDBOX === 'on' || (config.SANDBOX === 'auto' && !setup.configured);
  if (!wantSandbox) {
    if (!setup.configured) {
      const reason = `${decl.title} (${decl.name}) is disabled: no credentials and SANDBOX=off`;
      log.warn(reason);
      return { mode: 'disabled', reason, baseUrl: setup.realBaseUrl, config, settings, accounts: [] };
    }
    return { mode: 'live', baseUrl: setup.baseUrl ?? setup.realBaseUrl, config, settings, accounts: setup.accounts };
  }
  if (!decl.emulator) {
    const reason = `${decl.title} (${decl.name}) has no credentials and no emulator: disabled`;
    log.warn(reason);
    return { mode: 'disabled', reason, baseUrl: setup.realBaseUrl, config, settings, accounts: [] };
  }
  // A CLI command that only reads the database names the mode without starting the emulator.
  if (opts.withEmulators === false) return { mode: 'sandbox', baseUrl: setup.realBaseUrl, config, settings, accounts: setup.accounts };
  const start = await decl.emulator();
  const emulator = await start(config, { port: config.SANDBOX_PORT ? config.SANDBOX_PORT + 1 + index : 0, log });
  const effective = withEnv(config, emulator.env);
  const effectiveSettings = settingsOf(decl, effective);
  log.info(`${decl.title} (${decl.name}): no credentials configured, using the built-in emulator at ${emulator.baseUrl} (sandbox mode)`);
  return {
    mode: 'sandbox',
    baseUrl: emulator.baseUrl,
    config: effective,
    settings: effectiveSettings,
    accounts: decl.setup(effectiveSettings).accounts,
    close: () => emulator.close(),
  };
}
