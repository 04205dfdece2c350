// What every CLI command needs: settings, a logger on stderr, the database (migrations applied)
// and the services; errors printed as message + what to do, with a non-zero exit code.
import { z } from 'zod';
import { ConfigError } from '../config.js';
import { describeError } from '../errors.js';
import { CONNECTORS } from '../connectors/index.js';
import { connectorRedactPaths, loadSettings } from '../engine/connector.js';
import { createLogger } from '../logger.js';
import type { Services } from '../services.js';

/**
 * Run `fn` with the services open. `light: true` for commands that only read PostgreSQL (status,
 * task, token status): src/light-services.ts opens a pool and the connectors' runtimes, no job
 * queue, no emulator, no migration. Otherwise the full services (src/open-services.ts);
 * `emulators: false` there names sandbox connectors without starting them.
 */
export async function withServices(fn: (services: Services) => Promise<number>, opts: { emulators?: boolean; light?: boolean } = {}): Promise<number> {
  // A light command parses each schema once: zod's compiled parsers (generated on first use)
  // cost more to build than they save here (10-20 ms of `tongbu status`).
  if (opts.light) z.config({ jitless: true });
  let config;
  try {
    config = loadSettings(process.env, CONNECTORS);
  } catch (e) {
    process.stderr.write(`${e instanceof ConfigError ? e.message : String(e)}\n`);
    return 1;
  }
  // The CLI talks to people on stdout; logs go to stderr and stay quiet unless asked for.
  // A light command loads pino only if it writes a line (it usually writes none).
  const log = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', { stderr: true, format: config.LOG_FORMAT, redact: connectorRedactPaths(CONNECTORS), lazy: opts.light });
  let opened;
  try {
    // Loaded on demand: a light command never loads the full services' modules.
    opened = opts.light
      ? await (await import('../light-services.js')).openLightServices(config, log)
      : await (await import('../open-services.js')).openServices(config, log, { emulators: opts.emulators });
  } catch (e) {
    printError(e);
    return 1;
  }
  try {
    return await fn(opened.services);
  } catch (e) {
    printError(e);
    return 1;
  } finally {
    await opened.close();
  }
}

export function printError(e: unknown): void {
  const d = describeError(e);
  process.stderr.write(`Error: ${d.message}\n${d.action}\n`);
}
