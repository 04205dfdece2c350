// An open platform several connectors run on: one vendor's OAuth app and grants, API host,
// response envelope and codes, and emulator, with one product per connector on top (巨量引擎 is
// one: 巨量本地推 and DOU+ are two of its products). The connector whose folder holds the
// platform's code exports it as an OpenPlatform; a connector built on it is a function of one, and
// the registry (src/connectors/index.ts) hands it over. So a product's folder never imports
// another product's files, and learns the platform's hosts, setting names and codes from this
// declaration instead of naming them.
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import type { TokenStore } from '../tokens/store.js';
import type { TokenProvider } from '../tokens/types.js';
import type { Classification } from './platform-fetch.js';

export interface OpenPlatformOAuthOptions {
  appId: string;
  secret: string;
  /** API host: the platform's or its emulator's. */
  baseUrl: string;
  /** The authorisation page people sign in on. */
  authBaseUrl: string;
  redirectUri?: string;
}

/** The platform's own settings (environment names) for what its products share, by role. */
export interface OpenPlatformSettingNames {
  appId: string;
  secret: string;
  grant: string;
  authBaseUrl: string;
  redirectUri: string;
  refreshBeforeMinutes: string;
}

/** Business codes of the platform's envelope an emulator of one of its products answers with. */
export interface OpenPlatformCodes {
  RATE_LIMITED: number;
  ACCESS_TOKEN_EXPIRED: number;
  ACCESS_TOKEN_INVALID: number;
  BAD_PARAMS: number;
  NO_PERMISSION: number;
}

/** What a product's emulator builds on: the platform's emulator (OAuth app, token endpoints, envelope, faults, clock). */
export interface OpenPlatformEmulator {
  app: FastifyInstance;
  appId: string;
  secret: string;
  baseUrl: string;
  /** Injected faults (`METHOD /path` matches), spent one by one; `kind` says what the answer is. */
  faults: { match: RegExp; times: number; kind: unknown }[];
  clock: { now(): number };
  codes: OpenPlatformCodes;
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export interface OpenPlatformEmulatorOptions {
  appId?: string;
  secret?: string;
  /** The platform accounts every issued grant covers. */
  accounts?: string[];
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  log?: boolean;
}

export type OpenPlatformEmulatorFactory<E extends OpenPlatformEmulator = OpenPlatformEmulator> = (opts: OpenPlatformEmulatorOptions) => E;

export interface OpenPlatform {
  /** For messages: the platform's name. */
  title: string;
  /** The production API host. */
  realBaseUrl: string;
  /** The production authorisation page. */
  authPageUrl: string;
  settingNames: OpenPlatformSettingNames;
  /** The platform's OAuth protocol for one app (the product names its own token-store key). */
  oauth(opts: OpenPlatformOAuthOptions): TokenProvider;
  /** The platform's envelope and codes, read as the engine's classification. */
  classify(status: number, body: unknown): Classification;
  /** In sandbox mode: authorise once against the emulator, as a person would (unless a grant is stored). */
  seedSandboxGrant(tokens: TokenStore, grant: string, log: Logger, platform: string): Promise<boolean>;
  /** The platform's emulator, loaded when one is wanted (sandbox mode, tests). */
  emulator(): Promise<OpenPlatformEmulatorFactory>;
}
