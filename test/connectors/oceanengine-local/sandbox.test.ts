import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { oceanengineLocal } from '../../../src/connectors/oceanengine-local/index.js';
import { parseRange } from '../../../src/engine/windows.js';
import { createLogger } from '../../../src/logger.js';
import { openServices } from '../../../src/main.js';
import { tokenRefresh, tokenStatus, describeTokenStatus } from '../../../src/ops/tokens.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

describe('巨量本地推 in sandbox mode (no credentials)', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'tongbu-oe-sbx-'));
  });
  afterAll(async () => {
    await db.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const open = () =>
    openServices(configFrom({ DATABASE_URL: db.url, DATA_DIR: dataDir, SANDBOX: 'auto' }), createLogger('silent', { pretty: false }), {
      connectors: [oceanengineLocal],
    });

  it('authorises itself at start, syncs every sandbox account, and survives a restart without re-authorising', async () => {
    const first = await open();
    try {
      const rt = first.services.engine!.runtime('oceanengine');
      expect(rt.mode).toBe('sandbox');
      const status = await tokenStatus(first.services, '巨量');
      expect(status).toHaveLength(1);
      expect(status[0]!.grantedAccounts).toEqual(rt.accounts);
      expect(status[0]!.accessSecondsLeft).toBeGreaterThan(23 * 3600);
      expect(describeTokenStatus(status)[0]).toMatch(/^oceanengine\/default \[accounts .+\]: access token (23 h 59 min|1 d 0 h) left, refresh token (29 d 23 h|30 d 0 h) left; not refreshed yet$/);

      const outcomes = await first.services.engine!.runNow({ connector: 'oceanengine', window: parseRange('2026-02-01..2026-02-03'), kind: 'backfill', trigger: 'cli' });
      expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
      const perAccount = await db.pool.query(`SELECT account_id, count(DISTINCT stat_date)::int AS days FROM oceanengine_local_daily GROUP BY account_id ORDER BY account_id`);
      expect(perAccount.rows).toEqual(rt.accounts.map((a) => ({ account_id: a, days: 3 })));
    } finally {
      await first.close();
    }

    const authorisedAt = (await db.pool.query(`SELECT authorised_at FROM platform_tokens`)).rows[0].authorised_at;
    const second = await open();
    try {
      expect((await db.pool.query(`SELECT authorised_at FROM platform_tokens`)).rows[0].authorised_at).toEqual(authorisedAt);
      const outcomes = await second.services.engine!.runNow({ connector: 'oceanengine', window: parseRange('2026-02-04'), kind: 'backfill', trigger: 'cli' });
      expect(outcomes.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
      // A forced refresh goes to the new process's emulator and rotates the tokens.
      const results = await tokenRefresh(second.services, 'oceanengine');
      expect(results).toEqual([{ platform: 'oceanengine', account: 'default', ok: true }]);
      const after = await tokenStatus(second.services);
      expect(after[0]!.lastRefreshOk).toBe(true);
      expect(after[0]!.refreshCount).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('/token for an unknown platform is a named error', async () => {
    const s = await open();
    try {
      await expect(tokenStatus(s.services, 'temu')).rejects.toMatchObject({ code: 'TOKEN_PLATFORM_UNKNOWN' });
    } finally {
      await s.close();
    }
  });
});
