// Credentials that are not OAuth grants: secrets a person pastes in (a seller-issued shop token
// with no refresh flow), stored encrypted like OAuth tokens (platform_credentials; cipher.ts),
// with what is not secret beside them (`meta`: region, mall id) and an expiry when the platform
// tells one. Platform-free: a connector names its platform and its credentials. Secret values are
// never logged, returned by `status`, or put in messages.
import type { Pool } from '../db/pool.js';
import type { TokenCipher } from './cipher.js';

export interface StoredCredential {
  platform: string;
  name: string;
  /** Decrypted secret fields (e.g. { token }). */
  secret: Record<string, string>;
  meta: Record<string, unknown>;
  expiresAt: Date | null;
  alertedDays: number[];
  lastCheckedAt: Date | null;
  lastError: string | null;
}

/** As `/token status` shows it: no secret values. */
export type CredentialStatus = Omit<StoredCredential, 'secret'>;

interface CredentialRow {
  platform: string;
  name: string;
  secret_enc: string;
  meta: Record<string, unknown>;
  expires_at: Date | null;
  alerted_days: number[];
  last_checked_at: Date | null;
  last_error: string | null;
}

export class CredentialStore {
  constructor(private readonly deps: { pool: Pool; cipher: TokenCipher }) {}

  /** Store (or replace) a credential; a replaced secret starts with no expiry warnings sent. */
  async put(platform: string, name: string, secret: Record<string, string>, meta: Record<string, unknown> = {}, expiresAt: Date | null = null): Promise<void> {
    await this.deps.pool.query(
      `INSERT INTO platform_credentials (platform, name, secret_enc, meta, expires_at, alerted_days, last_checked_at, last_error)
       VALUES ($1, $2, $3, $4, $5, '{}', now(), NULL)
       ON CONFLICT (platform, name) DO UPDATE SET secret_enc = EXCLUDED.secret_enc, meta = EXCLUDED.meta, expires_at = EXCLUDED.expires_at,
         alerted_days = '{}', last_checked_at = now(), last_error = NULL, updated_at = now()`,
      [platform, name, this.deps.cipher.encrypt(JSON.stringify(secret)), meta, expiresAt],
    );
  }

  async get(platform: string, name: string): Promise<StoredCredential | undefined> {
    const r = await this.deps.pool.query<CredentialRow>(`SELECT * FROM platform_credentials WHERE platform = $1 AND name = $2`, [platform, name]);
    return r.rows[0] ? this.open(r.rows[0]) : undefined;
  }

  async list(platform: string): Promise<StoredCredential[]> {
    const r = await this.deps.pool.query<CredentialRow>(`SELECT * FROM platform_credentials WHERE platform = $1 ORDER BY name`, [platform]);
    return r.rows.map((row) => this.open(row));
  }

  async status(platform: string): Promise<CredentialStatus[]> {
    const r = await this.deps.pool.query<CredentialRow>(`SELECT * FROM platform_credentials WHERE platform = $1 ORDER BY name`, [platform]);
    return r.rows.map((row) => ({ ...this.describe(row) }));
  }

  async remove(platform: string, name: string): Promise<boolean> {
    const r = await this.deps.pool.query(`DELETE FROM platform_credentials WHERE platform = $1 AND name = $2`, [platform, name]);
    return (r.rowCount ?? 0) > 0;
  }

  /** What a check learned: the expiry and meta the platform reported, or the error it gave. */
  async checked(platform: string, name: string, result: { expiresAt?: Date | null; meta?: Record<string, unknown>; error?: string | null }): Promise<void> {
    await this.deps.pool.query(
      `UPDATE platform_credentials SET expires_at = CASE WHEN $3 THEN $4::timestamptz ELSE expires_at END, meta = meta || $5::jsonb,
         last_checked_at = now(), last_error = $6, updated_at = now() WHERE platform = $1 AND name = $2`,
      [platform, name, result.expiresAt !== undefined, result.expiresAt ?? null, result.meta ?? {}, result.error ?? null],
    );
  }

  /**
   * The expiry warnings due now: for each credential, the smallest threshold (days before expiry)
   * reached and not yet sent. Marks them sent in the same statement, so two replicas never both send.
   */
  async dueExpiryWarnings(platform: string, thresholdDays: number[], now = new Date()): Promise<{ name: string; days: number; expiresAt: Date }[]> {
    const out: { name: string; days: number; expiresAt: Date }[] = [];
    const rows = (await this.deps.pool.query<CredentialRow>(`SELECT * FROM platform_credentials WHERE platform = $1 AND expires_at IS NOT NULL`, [platform])).rows;
    for (const row of rows) {
      const left = ((row.expires_at as Date).getTime() - now.getTime()) / 86_400_000;
      const reached = thresholdDays.filter((d) => left <= d && !row.alerted_days.includes(d));
      if (!reached.length) continue;
      const days = Math.min(...reached);
      // Every threshold at or above the one reached counts as sent: one warning, not three at once.
      const sent = thresholdDays.filter((d) => d >= days);
      const r = await this.deps.pool.query(
        `UPDATE platform_credentials SET alerted_days = (SELECT array_agg(DISTINCT d) FROM unnest(alerted_days || $3::int[]) AS d)
         WHERE platform = $1 AND name = $2 AND NOT (alerted_days @> ARRAY[$4::int])`,
        [platform, row.name, sent, days],
      );
      if (r.rowCount) out.push({ name: row.name, days, expiresAt: row.expires_at as Date });
    }
    return out;
  }

  private describe(row: CredentialRow): CredentialStatus {
    return { platform: row.platform, name: row.name, meta: row.meta, expiresAt: row.expires_at, alertedDays: row.alerted_days, lastCheckedAt: row.last_checked_at, lastError: row.last_error };
  }

  private open(row: CredentialRow): StoredCredential {
    return { ...this.describe(row), secret: JSON.parse(this.deps.cipher.decrypt(row.secret_enc)) as Record<string, string> };
  }
}
