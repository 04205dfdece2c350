// A neutral connector for engine tests: no platform, an in-memory source behind the same
// declaration every real connector uses, so the engine's own behaviour (slices, modes, child
// tables, follow-ups, derived tables, schedules, partitions) is tested on its own.
import { z } from 'zod';
import type { PoolClient } from '../../src/db/pool.js';
import { defineConnector } from '../../src/engine/connector.js';
import { PlatformError, type ConnectorDeclaration, type Page, type Row, type SliceSpec, type SyncWindow } from '../../src/engine/types.js';

export interface FakeItem {
  id: string;
  account: string;
  at: Date;
  amount: string;
  children: number;
}

export interface FakeSource {
  items: FakeItem[];
  /** Values of the stats time series, by entity: what the "platform" reports now. */
  stats: Map<string, number>;
  /** Every fetchPage call: stream, account, slice bounds, page, and the partition's credentials. */
  calls: { stream: string; account: string; from: Date; to: Date; page: number; token?: string }[];
  /** Follow-up calls, with their time (ms). */
  detailCalls: { id: string; at: number }[];
  failNextPages: number;
  /** Fail the items page of the slice starting then, once. */
  failSliceFrom?: Date;
}

export const FAKE_TABLES = `
  CREATE TABLE fake_items (id text PRIMARY KEY, account text NOT NULL, at timestamptz NOT NULL, amount numeric(14,2) NOT NULL,
                           raw_data jsonb, synced_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE fake_item_children (parent text NOT NULL, n integer NOT NULL, PRIMARY KEY (parent, n));
  CREATE TABLE fake_item_details (id text PRIMARY KEY, detail text NOT NULL);
  CREATE TABLE fake_stats (entity text NOT NULL, stat_time timestamptz NOT NULL, value integer NOT NULL, PRIMARY KEY (entity, stat_time));
  CREATE TABLE fake_totals (account text PRIMARY KEY, total numeric(14,2) NOT NULL, items integer NOT NULL);
  CREATE TABLE fake_slice_log (slice_from timestamptz NOT NULL, slice_to timestamptz NOT NULL, items_seen integer NOT NULL);
  CREATE TABLE fake_refresh_log (id serial PRIMARY KEY, slices_covered boolean);
`;

export const PAGE = 3;

interface FakeClient {
  account: string;
  token?: string;
  refreshAuth(): Promise<void>;
}

export function fakeConnector(source: FakeSource, opts: { slice?: SliceSpec; detailsPerSecond?: number; partitions?: { id: string; token: string }[]; statsBucket?: () => Date; totalsAfterSlice?: 'log' | 'fail' } = {}): ConnectorDeclaration {
  const page = <T>(list: T[], n: number): Page<T> => ({ records: list.slice((n - 1) * PAGE, n * PAGE), hasMore: n * PAGE < list.length });
  return defineConnector<{ FAKE_ON: boolean }, FakeClient>({
    name: 'fake',
    title: 'Fake',
    aliases: ['假'],
    settings: { schema: z.object({ FAKE_ON: z.boolean().default(true) }) },
    setup: () => ({ configured: true, accounts: ['a1'], realBaseUrl: 'http://fake.invalid' }),
    ...(opts.partitions ? { partitions: async () => opts.partitions!.map((p) => ({ id: p.id, label: `shop ${p.id}`, credentials: { token: p.token } })) } : {}),
    createClient: (_ctx, partition) => ({ account: partition.id, token: partition.credentials?.token, refreshAuth: async () => undefined }),
    streams: [
      {
        name: 'items',
        table: 'fake_items',
        primaryKey: ['id'],
        mode: 'upsert',
        slice: opts.slice,
        volatileColumns: ['synced_at'],
        columns: [
          { name: 'id', type: 'text' },
          { name: 'account', type: 'text' },
          { name: 'at', type: 'timestamptz' },
          { name: 'amount', type: 'numeric' },
          { name: 'raw_data', type: 'jsonb' },
        ],
        async fetchPage(client, req) {
          source.calls.push({ stream: 'items', account: req.account, from: req.slice.from, to: req.slice.to, page: req.page, token: client.token });
          if (source.failSliceFrom && req.slice.from.getTime() === source.failSliceFrom.getTime()) {
            source.failSliceFrom = undefined;
            throw new PlatformError('malformed', 'fake: a page that is not JSON');
          }
          if (source.failNextPages > 0) {
            source.failNextPages -= 1;
            throw new PlatformError('malformed', 'fake: a page that is not JSON');
          }
          const list = source.items.filter((i) => i.account === req.account && i.at >= req.slice.from && i.at <= req.slice.to).sort((a, b) => (a.id < b.id ? -1 : 1));
          return page(list, req.page);
        },
        toRows: (records: FakeItem[]) => records.map((i) => ({ id: i.id, account: i.account, at: i.at, amount: i.amount, raw_data: i })),
        children: [
          {
            target: { table: 'fake_item_children', syncedAt: false, primaryKey: ['parent', 'n'], columns: [{ name: 'parent', type: 'text' }, { name: 'n', type: 'integer' }] },
            toRows: (records: FakeItem[]) => records.flatMap((i) => Array.from({ length: i.children }, (_, n) => ({ parent: i.id, n }))),
          },
        ],
        followUp: {
          target: { table: 'fake_item_details', syncedAt: false, primaryKey: ['id'], columns: [{ name: 'id', type: 'text' }, { name: 'detail', type: 'text' }] },
          rateLimit: opts.detailsPerSecond ? () => ({ key: 'fake-app', perSecond: opts.detailsPerSecond as number }) : undefined,
          async fetch(_client, row: Row) {
            source.detailCalls.push({ id: String(row.id), at: Date.now() });
            return [{ id: row.id, detail: `detail of ${String(row.id)} at ${String(row.amount)}` }];
          },
        },
      },
      {
        name: 'stats',
        table: 'fake_stats',
        primaryKey: ['entity', 'stat_time'],
        mode: 'snapshot',
        snapshot: { entity: ['entity'], time: 'stat_time' },
        slice: 'none',
        columns: [
          { name: 'entity', type: 'text' },
          { name: 'stat_time', type: 'timestamptz' },
          { name: 'value', type: 'integer' },
        ],
        async fetchPage(_client, req) {
          source.calls.push({ stream: 'stats', account: req.account, from: req.slice.from, to: req.slice.to, page: req.page });
          return { records: [...source.stats.entries()].sort(), hasMore: false };
        },
        toRows: (records: [string, number][]) => {
          const bucket = opts.statsBucket?.() ?? new Date();
          return records.map(([entity, value]) => ({ entity, stat_time: bucket, value }));
        },
      },
    ],
    schedules: () => [
      { name: 'items', cron: '*/30 * * * *', streams: ['items'], window: (now: Date): SyncWindow => ({ from: new Date(now.getTime() - 86_400_000), to: now }) },
      { name: 'stats', cron: '*/5 * * * *', streams: ['stats'], catchUp: false, window: (now: Date): SyncWindow => ({ from: now, to: now }) },
    ],
    derived: [
      {
        name: 'totals',
        after: ['items'],
        async refresh(tx: PoolClient, scope) {
          if (opts.totalsAfterSlice) await tx.query(`INSERT INTO fake_refresh_log (slices_covered) VALUES ($1)`, [scope.slicesCovered ?? null]);
          const r = await tx.query(
            `INSERT INTO fake_totals (account, total, items) SELECT account, sum(amount), count(*) FROM fake_items WHERE account = $1 GROUP BY account
             ON CONFLICT (account) DO UPDATE SET total = EXCLUDED.total, items = EXCLUDED.items`,
            [scope.account],
          );
          return { rows: r.rowCount ?? 0 };
        },
        // Early work per written slice (opt-in): logs how many of the slice's items it sees.
        ...(opts.totalsAfterSlice
          ? {
              async afterSlice(tx: PoolClient, scope: { slice: { from: Date; to: Date } }) {
                if (opts.totalsAfterSlice === 'fail') throw new Error('fake: the early work failed');
                const r = await tx.query(
                  `INSERT INTO fake_slice_log (slice_from, slice_to, items_seen) SELECT $1, $2, count(*) FROM fake_items WHERE at BETWEEN $1 AND $2`,
                  [scope.slice.from, scope.slice.to],
                );
                return { rows: r.rowCount ?? 0 };
              },
            }
          : {}),
      },
    ],
  });
}

export function fakeSource(items: FakeItem[] = []): FakeSource {
  return { items, stats: new Map(), calls: [], detailCalls: [], failNextPages: 0 };
}
