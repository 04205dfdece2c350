// Platform OAuth tokens in PostgreSQL (platform_tokens), encrypted at rest, refreshed ahead of
// expiry. Refresh tokens rotate and are single-use (巨量引擎: "刷新后会产生新的Refresh_token，
// 老的Refresh_token会过期"), so a refresh runs inside a transaction holding `SELECT … FOR UPDATE`
// on the row and re-checks after taking the lock: of two callers (two jobs, two replicas) only
// the first refreshes; the second finds the new token and uses it. Token values are never
// logged, returned by status calls, or put in error messages.
import { randomBytes } from 'node:crypto';
import type { Pool, PoolClient } from '../db/pool.js';
import { TongbuError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notifier.js';
import type { TokenCipher } from './cipher.js';
import { recordTokenKey } from './key-fingerprint.js';
import { RefreshRejectedError, type TokenGrant, type TokenProvider, type TokenStatus } from './types.js';

export interface TokenStoreDeps {
  pool: Pool;
  log: Logger;
  cipher: TokenCipher;
  metrics?: Metrics;
  notifier?: Notifier;
  /** Read at alert time, for a notifier attached after the store was built. */
  notifierOf?: () => Notifier | undefined;
}

/** Refresh when less than this is left on the access token, unless the platform says otherwise. */
const DEFAULT_REFRESH_BEFORE_MS = 60 * 60_000;

interface TokenRow {
  platform: string;
  account: string;
  access_token_enc: string;
  refresh_token_enc: string;
  access_expires_at: Date;
  refresh_expires_at: Date;
  granted_accounts: string[];
  last_refresh_at: Date | null;
  last_refresh_ok: boolean | null;
  last_refresh_error: string | null;
  refresh_count: number;
}

export interface RefreshOptions {
  /** Refresh even with time left (a forced `/token refresh`, or an authExpired answer). */
  force?: boolean;
  /**
   * With force: skip when someone else refreshed successfully after this instant — the caller
   * saw a stale token, and the fresh one is already stored.
   */
  unlessRefreshedSince?: Date;
  /**
   * With force: skip when the stored access token is no longer this one (the one the platform
   * called expired): someone renewed it meanwhile, whenever their renewal started.
   */
  unlessChangedFrom?: string;
}

/** Alert key for a grant, so a later success can close the alert. */
export const tokenAlertKey = (platform: string, account: string) => `token:${platform}:${account}`;

/** How long the state in an alert's re-authorise link stays usable. */
const ALERT_LINK_STATE_MS = 7 * 24 * 3600_000;
/** How long the state in a link printed by `tongbu auth` stays usable. */
const AUTH_STATE_MS = 30 * 60_000;

export class TokenStore {
  private readonly providers = new Map<string, TokenProvider>();
  private readonly refreshBefore = new Map<string, number>();

  constructor(private readonly deps: TokenStoreDeps) {}

  /** Register (or replace) a platform's OAuth provider, refreshed `refreshBeforeMs` ahead of expiry. */
  register(provider: TokenProvider, refreshBeforeMs = DEFAULT_REFRESH_BEFORE_MS): this {
    this.providers.set(provider.platform, provider);
    this.refreshBefore.set(provider.platform, refreshBeforeMs);
    return this;
  }

  provider(platform: string): TokenProvider {
    const p = this.providers.get(platform);
    if (!p) throw new TongbuError('TOKEN_PLATFORM_UNKNOWN', platform);
    return p;
  }

  platforms(): string[] {
    return [...this.providers.keys()];
  }

  /** Store a new grant (after an authorisation), replacing any earlier one under this name. */
  async save(platform: string, account: string, grant: TokenGrant): Promise<void> {
    const { cipher } = this.deps;
    await recordTokenKey(this.deps.pool, cipher);
    const now = Date.now();
    await this.deps.pool.query(
      `INSERT INTO platform_tokens (platform, account, access_token_enc, refresh_token_enc, access_expires_at, refresh_expires_at,
         granted_accounts, authorised_at, last_refresh_at, last_refresh_ok, last_refresh_error, refresh_count, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), NULL, NULL, NULL, 0, now())
       ON CONFLICT (platform, account) DO UPDATE SET access_token_enc = EXCLUDED.access_token_enc,
         refresh_token_enc = EXCLUDED.refresh_token_enc, access_expires_at = EXCLUDED.access_expires_at,
         refresh_expires_at = EXCLUDED.refresh_expires_at, granted_accounts = EXCLUDED.granted_accounts,
         authorised_at = now(), last_refresh_ok = NULL, last_refresh_error = NULL, updated_at = now()`,
      [
        platform,
        account,
        cipher.encrypt(grant.accessToken),
        cipher.encrypt(grant.refreshToken),
        new Date(now + grant.accessExpiresIn * 1000),
        new Date(now + grant.refreshExpiresIn * 1000),
        grant.grantedAccounts ?? [],
      ],
    );
    this.setGauges(platform, account, new Date(now + grant.accessExpiresIn * 1000), new Date(now + grant.refreshExpiresIn * 1000));
    await this.notifier()?.recover(tokenAlertKey(platform, account), `${this.title(platform)} is authorised again (${account}).`);
  }

  /** A usable access token, refreshed first when less than the configured margin is left. */
  async getValidAccessToken(platform: string, account: string): Promise<string> {
    const row = await this.read(this.deps.pool, platform, account);
    if (!row) throw new TongbuError('TOKEN_MISSING', `${this.title(platform)} (${account})`);
    if (!this.needsRefresh(row)) return this.deps.cipher.decrypt(row.access_token_enc);
    return this.refresh(platform, account);
  }

  /**
   * Refresh under the row lock and return the access token to use. Without `force`, a token that
   * another caller already renewed is returned as is; a failed refresh that still leaves a live
   * access token returns that token (the alert has gone out) so syncs keep running meanwhile.
   */
  async refresh(platform: string, account: string, opts: RefreshOptions = {}): Promise<string> {
    const { pool, cipher, log } = this.deps;
    const provider = this.provider(platform);
    const client = await pool.connect();
    let failure: { error: unknown; row: TokenRow } | undefined;
    let result: string | undefined;
    try {
      await client.query('BEGIN');
      const row = await this.read(client, platform, account, true);
      if (!row) throw new TongbuError('TOKEN_MISSING', `${provider.title} (${account})`);
      const renewedByOther =
        (opts.unlessRefreshedSince && row.last_refresh_ok && row.last_refresh_at && row.last_refresh_at > opts.unlessRefreshedSince) ||
        (opts.unlessChangedFrom !== undefined && cipher.decrypt(row.access_token_enc) !== opts.unlessChangedFrom);
      if ((!opts.force && !this.needsRefresh(row)) || renewedByOther) {
        await client.query('COMMIT');
        return cipher.decrypt(row.access_token_enc);
      }
      let grant: TokenGrant;
      try {
        grant = await provider.refresh(cipher.decrypt(row.refresh_token_enc));
      } catch (error) {
        failure = { error, row };
        await client.query(
          `UPDATE platform_tokens SET last_refresh_at = now(), last_refresh_ok = false, last_refresh_error = $3, updated_at = now()
           WHERE platform = $1 AND account = $2`,
          [platform, account, (error as Error).message.slice(0, 500)],
        );
        await client.query('COMMIT');
        throw error;
      }
      const now = Date.now();
      const accessExpiresAt = new Date(now + grant.accessExpiresIn * 1000);
      const refreshExpiresAt = new Date(now + grant.refreshExpiresIn * 1000);
      await client.query(
        `UPDATE platform_tokens SET access_token_enc = $3, refresh_token_enc = $4, access_expires_at = $5, refresh_expires_at = $6,
           granted_accounts = CASE WHEN cardinality($7::text[]) > 0 THEN $7::text[] ELSE granted_accounts END,
           last_refresh_at = now(), last_refresh_ok = true, last_refresh_error = NULL, refresh_count = refresh_count + 1, updated_at = now()
         WHERE platform = $1 AND account = $2`,
        [platform, account, cipher.encrypt(grant.accessToken), cipher.encrypt(grant.refreshToken), accessExpiresAt, refreshExpiresAt, grant.grantedAccounts ?? []],
      );
      await client.query('COMMIT');
      log.info({ platform, account, accessExpiresAt, refreshExpiresAt }, 'token refreshed');
      this.setGauges(platform, account, accessExpiresAt, refreshExpiresAt);
      result = grant.accessToken;
    } catch (e) {
      if (!failure) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    } finally {
      client.release();
    }
    if (failure) return this.onRefreshFailed(platform, account, failure.row, failure.error, opts);
    await this.notifier()?.recover(tokenAlertKey(platform, account), `${provider.title} token renewed (${account}).`);
    return result as string;
  }

  private async onRefreshFailed(platform: string, account: string, row: TokenRow, error: unknown, opts: RefreshOptions): Promise<string> {
    const provider = this.provider(platform);
    const rejected = error instanceof RefreshRejectedError;
    const reason = (error as Error).message;
    this.deps.log.error({ platform, account, rejected, reason }, 'token refresh failed');
    const link = await this.authorizationLink(platform, account, ALERT_LINK_STATE_MS);
    await this.notifier()?.alert({
      key: tokenAlertKey(platform, account),
      title: `${provider.title} token refresh failed (${account})`,
      message: rejected
        ? `The platform refused the refresh token (${reason}). Syncs stop when the access token runs out.`
        : `The refresh did not go through (${reason}); it is tried again on the next sync.`,
      action: rejected ? 're-authorise' : 'If it repeats, re-authorise with the link.',
      link: { text: `Re-authorise ${provider.title}`, url: link },
    });
    if (!opts.force && row.access_expires_at.getTime() > Date.now()) return this.deps.cipher.decrypt(row.access_token_enc);
    throw new TongbuError('TOKEN_REFRESH_FAILED', `${provider.title} (${account}): ${reason}`, { cause: error });
  }

  /** The grant that covers a partition account: the one listing it, else the only grant. */
  async grantFor(platform: string, partitionAccount: string, preferred?: string): Promise<string> {
    const rows = (
      await this.deps.pool.query<{ account: string; granted_accounts: string[] }>(
        `SELECT account, granted_accounts FROM platform_tokens WHERE platform = $1 ORDER BY account`,
        [platform],
      )
    ).rows;
    const listing = rows.find((r) => r.granted_accounts.includes(partitionAccount));
    if (listing) return listing.account;
    if (preferred && rows.some((r) => r.account === preferred)) return preferred;
    if (rows.length === 1) return (rows[0] as { account: string }).account;
    throw new TongbuError('TOKEN_MISSING', `${this.title(platform)} grant covering account ${partitionAccount}`);
  }

  async status(platform?: string): Promise<TokenStatus[]> {
    const rows = (
      await this.deps.pool.query<TokenRow>(
        `SELECT * FROM platform_tokens WHERE ($1::text IS NULL OR platform = $1) ORDER BY platform, account`,
        [platform ?? null],
      )
    ).rows;
    const now = Date.now();
    return rows.map((r) => {
      this.setGauges(r.platform, r.account, r.access_expires_at, r.refresh_expires_at);
      return {
        platform: r.platform,
        account: r.account,
        grantedAccounts: r.granted_accounts,
        accessExpiresAt: r.access_expires_at,
        refreshExpiresAt: r.refresh_expires_at,
        accessSecondsLeft: Math.floor((r.access_expires_at.getTime() - now) / 1000),
        refreshSecondsLeft: Math.floor((r.refresh_expires_at.getTime() - now) / 1000),
        lastRefreshAt: r.last_refresh_at,
        lastRefreshOk: r.last_refresh_ok,
        lastRefreshError: r.last_refresh_error,
        refreshCount: r.refresh_count,
      };
    });
  }

  /** An authorisation link with a fresh single-use state that names the grant. */
  async authorizationLink(platform: string, account: string, validMs = AUTH_STATE_MS): Promise<string> {
    const provider = this.provider(platform);
    const state = randomBytes(16).toString('hex');
    await this.deps.pool.query(`INSERT INTO oauth_states (state, platform, account, expires_at) VALUES ($1, $2, $3, $4)`, [
      state,
      platform,
      account,
      new Date(Date.now() + validMs),
    ]);
    await this.deps.pool.query(`DELETE FROM oauth_states WHERE expires_at < now()`);
    return provider.authorizationUrl(state);
  }

  /** The OAuth callback: check the state (once), exchange the code, store the grant. */
  async completeAuthorization(platform: string, state: string, code: string): Promise<{ account: string; grantedAccounts: string[] }> {
    const found = await this.deps.pool.query<{ account: string }>(
      `DELETE FROM oauth_states WHERE state = $1 AND platform = $2 AND expires_at > now() RETURNING account`,
      [state, platform],
    );
    const account = found.rows[0]?.account;
    if (!account) throw new TongbuError('TOKEN_STATE_INVALID', state.slice(0, 8) || 'empty');
    return this.authorizeWithCode(platform, account, code);
  }

  /** Exchange a code a person pasted (CLI) and store the grant under `account`. */
  async authorizeWithCode(platform: string, account: string, code: string): Promise<{ account: string; grantedAccounts: string[] }> {
    const grant = await this.provider(platform).exchangeCode(code);
    await this.save(platform, account, grant);
    this.deps.log.info({ platform, account, grantedAccounts: grant.grantedAccounts ?? [] }, 'authorised');
    return { account, grantedAccounts: grant.grantedAccounts ?? [] };
  }

  /** Re-read every grant's expiry into the metrics gauges (on scrape). */
  async refreshGauges(): Promise<void> {
    await this.status();
  }

  private notifier(): Notifier | undefined {
    return this.deps.notifierOf?.() ?? this.deps.notifier;
  }

  private needsRefresh(row: TokenRow): boolean {
    return row.access_expires_at.getTime() - Date.now() < (this.refreshBefore.get(row.platform) ?? DEFAULT_REFRESH_BEFORE_MS);
  }

  private title(platform: string): string {
    return this.providers.get(platform)?.title ?? platform;
  }

  private setGauges(platform: string, account: string, accessExpiresAt: Date, refreshExpiresAt: Date) {
    const g = this.deps.metrics?.tokenExpiry;
    if (!g) return;
    const now = Date.now();
    g.set({ platform, account, kind: 'access' }, Math.floor((accessExpiresAt.getTime() - now) / 1000));
    g.set({ platform, account, kind: 'refresh' }, Math.floor((refreshExpiresAt.getTime() - now) / 1000));
  }

  private async read(db: Pool | PoolClient, platform: string, account: string, lock = false): Promise<TokenRow | undefined> {
    const res = await db.query<TokenRow>(
      `SELECT * FROM platform_tokens WHERE platform = $1 AND account = $2${lock ? ' FOR UPDATE' : ''}`,
      [platform, account],
    );
    return res.rows[0];
  }
}
