// Building the token store: the encryption key (settings or DATA_DIR/token-key), the pool, and
// each platform's OAuth provider. Built once at boot (Services.tokens) and by CLI commands.
import type { Config } from '../config.js';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Notifier } from '../notifier.js';
import { createTokenCipher, loadTokenKey } from './cipher.js';
import { checkTokenKey } from './key-fingerprint.js';
import { TokenStore } from './store.js';
import type { TokenProvider } from './types.js';

export { TokenStore, tokenAlertKey } from './store.js';
export type { TokenGrant, TokenProvider, TokenStatus } from './types.js';

export interface OpenTokenStoreDeps {
  config: Config;
  log: Logger;
  pool: Pool;
  metrics?: Metrics;
  notifier?: Notifier;
  /** Read at alert time, for a notifier attached after the store was built. */
  notifierOf?: () => Notifier | undefined;
  /** Providers known before start-up (CLI, tests); the service registers each connector's at start. */
  providers?: { provider: TokenProvider | undefined; refreshBeforeMs?: number }[];
}

export async function openTokenStore(deps: OpenTokenStoreDeps): Promise<TokenStore> {
  const cipher = createTokenCipher(await loadTokenKey(deps.config, deps.log));
  // A replica whose key is not the one the stored tokens were encrypted under stops here.
  await checkTokenKey(deps.pool, cipher);
  const store = new TokenStore({
    pool: deps.pool,
    log: deps.log.child({ mod: 'tokens' }),
    cipher,
    metrics: deps.metrics,
    notifier: deps.notifier,
    notifierOf: deps.notifierOf,
  });
  for (const p of deps.providers ?? []) if (p.provider) store.register(p.provider, p.refreshBeforeMs);
  return store;
}
