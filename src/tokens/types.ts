// What the token store needs from a platform's OAuth: exchange a code, refresh, build the
// authorisation link. One provider per platform, declared by the connectors that use it.

/** A fresh pair of tokens as a platform hands it out. Lifetimes in seconds. */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  accessExpiresIn: number;
  refreshExpiresIn: number;
  /** Accounts the grant covers (e.g. advertiser ids), when the platform says. */
  grantedAccounts?: string[];
}

export interface TokenProvider {
  /** Key in platform_tokens (one per OAuth app family). */
  platform: string;
  /** For people: `巨量引擎`. */
  title: string;
  exchangeCode(code: string): Promise<TokenGrant>;
  /** Throws RefreshRejectedError when the refresh token is dead (expired, used, revoked). */
  refresh(refreshToken: string): Promise<TokenGrant>;
  /** The page where a person authorises the app; `state` comes back on the callback. */
  authorizationUrl(state: string): string;
}

/** The platform refused the refresh token itself: only re-authorising helps. */
export class RefreshRejectedError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'RefreshRejectedError';
  }
}

/** One stored grant as `/token status` shows it (no token values). */
export interface TokenStatus {
  platform: string;
  account: string;
  grantedAccounts: string[];
  accessExpiresAt: Date;
  refreshExpiresAt: Date;
  /** Seconds left (negative: expired). */
  accessSecondsLeft: number;
  refreshSecondsLeft: number;
  lastRefreshAt: Date | null;
  lastRefreshOk: boolean | null;
  lastRefreshError: string | null;
  refreshCount: number;
}
