// The contract every connector passes, against its own emulator over HTTP, through the real
// engine on a fresh database: a first run writes the rows, a second run of the same window writes
// nothing, a run killed between pages resumes at the next page, an expired token is renewed once,
// 429 and 5xx answers back off and the run still ends with exact rows, a malformed page fails the
// run with a clear error and keeps its checkpoints, and money is exact to the cent.
// A connector joins by adding its fixture to test/connectors/contract-fixtures.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFrom, type Config } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import type { RunOutcome } from '../../src/engine/runner.js';
import type { ConnectorDeclaration, SyncWindow } from '../../src/engine/types.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { openTokenStore, type TokenStore } from '../../src/tokens/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

export type FaultKind = 'rateLimited' | 'serverError' | 'malformed' | 'authExpired';

export interface ContractFixture {
  /** Settings (environment strings) that point the connector at the running emulator. */
  env: Record<string, string>;
  /** A window whose data spans several pages. */
  window: SyncWindow;
  /** The table the connector's main stream writes, and the column holding money. */
  table: string;
  key: string;
  money: string;
  /** What the emulator holds for the window: key → amount in 元 as an exact decimal string. */
  expected(): Map<string, string>;
  /** Whatever must exist before a run (an OAuth grant), given the store the engine uses. */
  prepare?(tokens: TokenStore): Promise<void>;
  /** Token requests (fetches and refreshes) the emulator has answered so far. */
  tokenRequests(): number;
  /** Make the next `times` data-page requests fail this way. */
  fault(kind: FaultKind, times: number): void;
  close(): Promise<void>;
}

export function contractSuite(decl: ConnectorDeclaration, makeFixture: () => Promise<ContractFixture>): void {
  describe(`connector contract: ${decl.name}`, () => {
    let db: TestDatabase;
    let fx: ContractFixture;
    let config: Config;
    let engine: Engine;
    let tokens: TokenStore;
    let metrics: Metrics;
    const authExpiries = async () => (await metrics.apiErrors.get()).values.filter((v) => v.labels.class === 'authExpired').reduce((n, v) => n + v.value, 0);
    const log = createLogger('silent', { pretty: false });

    beforeAll(async () => {
      db = await createTestDatabase();
      fx = await makeFixture();
      config = configFrom({ DATABASE_URL: db.url, SANDBOX: 'off', SYNC_RETRY_BASE_MS: 2, SYNC_MAX_ATTEMPTS: 4, TOKEN_ENCRYPTION_KEY: 'contract-key-0123456789-0123456789', ...fx.env });
      metrics = createMetrics();
      tokens = await openTokenStore({ config, log, pool: db.pool, metrics });
      engine = await Engine.create({ config, log, pool: db.pool, metrics, databaseUrl: db.url, connectors: [decl], tokens });
      await fx.prepare?.(tokens);
    });
    afterAll(async () => {
      await engine?.stop(1000);
      await fx?.close();
      await db?.drop();
    });

    const run = (extra: Parameters<Engine['runNow']>[1] = {}, window = fx.window) =>
      engine.runNow({ connector: decl.name, window, kind: 'backfill', trigger: 'cli' }, extra);
    const stored = async () => {
      const r = await db.pool.query<{ k: string; m: string }>(`SELECT ${fx.key}::text AS k, ${fx.money}::text AS m FROM ${fx.table}`);
      return new Map(r.rows.map((x) => [x.k, x.m]));
    };
    const fresh = () => db.pool.query(`TRUNCATE ${fx.table}, sync_checkpoints, sync_runs CASCADE`);
    const sum = (outcomes: RunOutcome[], k: 'inserted' | 'updated') => outcomes.reduce((n, o) => n + ('counts' in o ? o.counts[k] : 0), 0);
    const statuses = (outcomes: RunOutcome[]) => [...new Set(outcomes.map((o) => o.status))];

    it('a first run writes every row, money exact to the cent', async () => {
      await fresh();
      const out = await run();
      expect(statuses(out)).toEqual(['succeeded']);
      const expected = fx.expected();
      expect(expected.size).toBeGreaterThan(0);
      expect(await stored()).toEqual(expected);
      expect(sum(out, 'inserted')).toBe(expected.size);
    });

    it('a second run of the same window inserts and updates nothing', async () => {
      const out = await engine.runNow({ connector: decl.name, window: fx.window, kind: 'backfill', trigger: 'api' });
      // A new request for a window already done runs again (requested after it finished).
      expect(statuses(out)).toEqual(['succeeded']);
      expect([sum(out, 'inserted'), sum(out, 'updated')]).toEqual([0, 0]);
      expect(await stored()).toEqual(fx.expected());
    });

    it('a run killed after its first page resumes at the next page and ends with exact rows', async () => {
      await fresh();
      const first = await run({ afterPage: (pages) => pages >= 1 });
      expect(first.some((o) => o.status === 'aborted')).toBe(true);
      const partial = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${fx.table}`)).rows[0]?.n ?? 0;
      expect(partial).toBeGreaterThan(0);
      const pagesBefore = (await db.pool.query<{ p: number }>(`SELECT coalesce(sum(pages), 0)::int AS p FROM sync_runs`)).rows[0]?.p ?? 0;
      const second = await run();
      expect(statuses(second)).toEqual(['succeeded']);
      expect(await stored()).toEqual(fx.expected());
      // Resumed, not restarted: the rows of the first page are not inserted again.
      expect(sum(second, 'inserted')).toBe(fx.expected().size - partial);
      expect(pagesBefore).toBeGreaterThan(0);
    });

    for (const kind of ['authExpired', 'rateLimited', 'serverError'] as const) {
      it(`${kind} answers are handled (${kind === 'authExpired' ? 'token renewed once' : 'backoff'}) and the run ends with exact rows`, async () => {
        await fresh();
        // Token requests of a clean run (a client without a stored token fetches one first).
        await fresh();
        const t0 = fx.tokenRequests();
        await run();
        const clean = fx.tokenRequests() - t0;
        await fresh();
        const expiriesBefore = await authExpiries();
        const t1 = fx.tokenRequests();
        fx.fault(kind, kind === 'authExpired' ? 1 : 2);
        const out = await run();
        expect(statuses(out)).toEqual(['succeeded']);
        expect(await stored()).toEqual(fx.expected());
        if (kind === 'authExpired') {
          expect(await authExpiries()).toBeGreaterThan(expiriesBefore);
          // However many requests in flight saw the expired token, it is renewed once.
          expect(fx.tokenRequests() - t1 - clean).toBe(1);
        }
      });
    }

    it('a malformed page fails the run with a clear error and keeps the rows and checkpoints before it', async () => {
      await fresh();
      fx.fault('malformed', 1);
      const out = await run();
      const failed = out.find((o) => o.status === 'failed');
      expect(failed && 'error' in failed ? failed.error?.code : undefined).toBe('SYNC_BAD_RESPONSE');
      expect(failed && 'error' in failed ? failed.error?.message : '').toMatch(/cannot read/);
      // Nothing written twice, nothing invented; the next run finishes the window exactly.
      const again = await run();
      expect(statuses(again)).toEqual(['succeeded']);
      expect(await stored()).toEqual(fx.expected());
    });
  });
}
