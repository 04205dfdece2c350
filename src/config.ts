// Every setting, validated once by one zod schema. Each concern declares its keys in
// src/config/<concern>.ts; this file joins them. Names match .env.example exactly.
import { z } from 'zod';
import { notifySettings } from './config/notify.js';
import { coreSettings } from './config/core.js';
import { engineSettings } from './config/engine.js';
import { feishuSettings } from './config/feishu.js';
import { bitableSettings } from './config/bitable.js';
import { excelSettings } from './config/excel.js';
import { overviewSettings } from './config/overview.js';

/**
 * Names the old scripts used for base settings, accepted so an old `.env` works unchanged. A
 * connector declares its own old names beside its settings (src/connectors/<name>/settings.ts).
 */
export const SETTING_ALIASES: Record<string, string> = {
  DB_URL: 'DATABASE_URL',
};

export const configSchema = z.object({
  ...notifySettings,
  ...coreSettings,
  ...engineSettings,
  ...feishuSettings,
  ...bitableSettings,
  ...excelSettings,
  ...overviewSettings,
});

/**
 * The base settings, plus `env`: the environment they were read from, from which each connector
 * parses its own settings (engine/connector.ts), so the base knows no platform.
 */
export type Config = z.infer<typeof configSchema> & { readonly env: Readonly<Record<string, string | undefined>> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every setting and its default.`);
    this.name = 'ConfigError';
  }
}

/** Parse settings from an environment; throws ConfigError naming each bad key and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = { ...env };
  for (const [alias, name] of Object.entries(SETTING_ALIASES)) {
    if ((input[name] === undefined || input[name] === '') && env[alias] !== undefined) input[name] = env[alias];
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const raw = input[key];
        return `${key}=${raw === undefined ? '(unset)' : JSON.stringify(raw)}: ${issue.message}`;
      }),
    );
  }
  return { ...parsed.data, env: Object.freeze(input) };
}

/** Settings for tests and tools: defaults plus overrides, no process environment. */
export function configFrom(overrides: Record<string, string | number | boolean | undefined> = {}): Config {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = String(v);
  return loadConfig(env);
}
