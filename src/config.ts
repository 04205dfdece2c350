// Every setting, validated once by one zod schema. Each concern declares its keys in
// src/config/<concern>.ts; this file joins them. Names match .env.example exactly.
import { z } from 'zod';
import { notifySettings } from './config/notify.js';
import { coreSettings } from './config/core.js';
import { engineSettings } from './config/engine.js';
import { douyinLifeSettings } from './config/douyin-life.js';
import { feishuSettings } from './config/feishu.js';
import { oceanengineLocalSettings } from './config/oceanengine-local.js';
import { bitableSettings } from './config/bitable.js';
import { excelSettings } from './config/excel.js';

/** Names the old single-platform scripts used, accepted so an old `.env` works unchanged. */
export const SETTING_ALIASES: Record<string, string> = {
  DB_URL: 'DATABASE_URL',
  APPID: 'DOUYIN_LIFE_CLIENT_KEY',
  AppSecret: 'DOUYIN_LIFE_CLIENT_SECRET',
  APP_SECRET: 'DOUYIN_LIFE_CLIENT_SECRET',
  ACCOUNT_ID: 'DOUYIN_LIFE_ACCOUNT_ID',
  // The old 巨量本地推 script's .env
  JULIANG_APP_ID: 'OCEANENGINE_APP_ID',
  JULIANG_SECRET: 'OCEANENGINE_SECRET',
  JULIANG_ADVERTISER_ID: 'OCEANENGINE_ACCOUNT_IDS',
};

export const configSchema = z.object({
  ...notifySettings,
  ...coreSettings,
  ...engineSettings,
  ...douyinLifeSettings,
  ...feishuSettings,
  ...oceanengineLocalSettings,
  ...bitableSettings,
  ...excelSettings,
});

export type Config = z.infer<typeof configSchema>;

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
  return parsed.data;
}

/** Settings for tests and tools: defaults plus overrides, no process environment. */
export function configFrom(overrides: Record<string, string | number | boolean | undefined> = {}): Config {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) env[k] = String(v);
  return loadConfig(env);
}
