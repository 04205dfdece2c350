// Declaring a connector and reading its settings. `defineConnector` checks a declaration against
// its own settings and client types and hands the registry an erased one, so the list needs no
// casts. A connector's settings are parsed from the environment the base config was read from
// (`config.env`), with the old scripts' names accepted as aliases.
import { ConfigError, loadConfig, type Config } from '../config.js';
import type { ConnectorClient, ConnectorDeclaration } from './types.js';

export function defineConnector<TSettings, TClient extends ConnectorClient>(decl: ConnectorDeclaration<TSettings, TClient>): ConnectorDeclaration {
  return decl;
}

/** The environment with a declaration's old names copied onto its new ones (new names win). */
function withAliases(decl: ConnectorDeclaration, env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const input: Record<string, string | undefined> = { ...env };
  for (const [alias, name] of Object.entries(decl.settings.aliases ?? {})) {
    if ((input[name] === undefined || input[name] === '') && env[alias] !== undefined) input[name] = env[alias];
  }
  return input;
}

function problemsOf(decl: ConnectorDeclaration, env: Readonly<Record<string, string | undefined>>): { settings?: unknown; problems: string[] } {
  const input = withAliases(decl, env);
  const parsed = decl.settings.schema.safeParse(input);
  if (parsed.success) return { settings: parsed.data, problems: [] };
  return {
    problems: parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const raw = input[key];
      // Name the key the person wrote: an old name is shown with the new one it stands for.
      const alias = env[key] === undefined ? Object.entries(decl.settings.aliases ?? {}).find(([old, name]) => name === key && env[old] !== undefined)?.[0] : undefined;
      return `${alias ? `${alias} (${key})` : key}=${raw === undefined ? '(unset)' : JSON.stringify(raw)}: ${issue.message}`;
    }),
  };
}

const parsedSettings = new WeakMap<object, Map<string, unknown>>();

/** A connector's settings under `config` (cached per config object); throws ConfigError when invalid. */
export function settingsOf<TSettings>(decl: ConnectorDeclaration<TSettings>, config: Config): TSettings {
  let byName = parsedSettings.get(config.env);
  if (!byName) parsedSettings.set(config.env, (byName = new Map()));
  if (byName.has(decl.name)) return byName.get(decl.name) as TSettings;
  const { settings, problems } = problemsOf(decl, config.env);
  if (problems.length) throw new ConfigError(problems);
  byName.set(decl.name, settings);
  return settings as TSettings;
}

/** Every connector's settings checked at start: one ConfigError naming each bad key and why. */
export function checkConnectorSettings(connectors: ConnectorDeclaration[], config: Config): void {
  const problems = connectors.flatMap((c) => problemsOf(c, config.env).problems);
  if (problems.length) throw new ConfigError(problems);
}

/**
 * Read every setting at once, the base's and every connector's, so a bad `.env` gets one error
 * naming each bad key and why (the service and the CLI start with this).
 */
export function loadSettings(env: NodeJS.ProcessEnv, connectors: ConnectorDeclaration[]): Config {
  let config: Config | undefined;
  const problems: string[] = [];
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push(...e.problems);
  }
  const raw = config?.env ?? { ...env };
  for (const c of connectors) problems.push(...problemsOf(c, raw).problems);
  if (problems.length || !config) throw new ConfigError(problems);
  return config;
}

/** `config` with more environment values (an emulator's credentials); base settings unchanged. */
export function withEnv(config: Config, env: Record<string, string>): Config {
  return { ...config, env: Object.freeze({ ...config.env, ...env }) };
}

/** Find a connector by name or alias, case-insensitively. */
export function findConnector(name: string, list: ConnectorDeclaration[]): ConnectorDeclaration | undefined {
  const n = name.trim().toLowerCase();
  return list.find((c) => c.name === n || c.aliases?.some((a) => a.toLowerCase() === n));
}

/** The log paths every connector asks to redact. */
export function connectorRedactPaths(connectors: ConnectorDeclaration[]): string[] {
  return connectors.flatMap((c) => c.redact ?? []);
}
