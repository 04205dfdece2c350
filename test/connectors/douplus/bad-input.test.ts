// Bad input from the platform: each case says what a person sees (the run's error, the alert, the
// log line, the row) and checks that no row is lost.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsAt } from '../../../src/sandbox/douplus/data.js';
import { fenToYuan } from '../../../src/money.js';
import type { Logger } from '../../../src/logger.js';
import { createDouplusHarness, type DouplusHarness } from './harness.js';

function capturingLogger(): { log: Logger; lines: { msg: string; [k: string]: unknown }[] } {
  const lines: { msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { log: pino({ level: 'warn' }, stream) as unknown as Logger, lines };
}

describe('DOU+ bad input', () => {
  let h: DouplusHarness;
  let account: string;
  let logged: ReturnType<typeof capturingLogger>;
  const mine = () => h.emu.orders.filter((o) => o.account === account && o.createdAt <= h.now().getTime());
  const delivering = () => mine().filter((o) => h.emu.statusOf(o) === 'DELIVERING');

  beforeAll(async () => {
    logged = capturingLogger();
    h = await createDouplusHarness({ settings: { DOUPLUS_PAGE_SIZE: '10' }, log: logged.log });
    account = h.emu.awemeSecUids[0] as string;
  });
  afterAll(async () => {
    await h.close();
  });

  it('a status not in the enum: the order is kept with the status as sent (no Chinese text), followed for stats, and a warning names it', async () => {
    const odd = delivering()[0];
    if (!odd) throw new Error('no delivering order in the data set');
    h.emu.statusOverrides.set(odd.orderId.toString(), 'SYSTEM_FROZEN');
    const out = await h.run(['orders'], h.ordersWindow(7));
    expect(out.status).toBe('succeeded');
    const row = (await h.db.pool.query(`SELECT status, status_text FROM douplus_orders WHERE order_id = $1`, [odd.orderId.toString()])).rows[0];
    expect(row).toEqual({ status: 'SYSTEM_FROZEN', status_text: null });
    expect(logged.lines.some((l) => /status SYSTEM_FROZEN is not one Tongbu knows/.test(l.msg))).toBe(true);
    const expected = mine().filter((o) => o.createdAt >= h.now().getTime() - 7 * 86_400_000).length;
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_orders WHERE account_id = $1`, [account])).rows[0].n).toBe(expected);
    const stats = await h.run(['order_stats'], h.statsWindow());
    expect(stats.status).toBe('succeeded');
    const snap = (await h.db.pool.query(`SELECT cost::text FROM douplus_order_latest WHERE order_id = $1`, [odd.orderId.toString()])).rows[0];
    expect(snap.cost).toBe(fenToYuan(metricsAt(odd, h.now().getTime()).stat_cost));
  });

  it('a malformed report row fails the pass with the order and field named; earlier pages are kept and the next pass completes', async () => {
    h.step();
    await h.run(['orders'], h.ordersWindow(7));
    const w = h.statsWindow();
    h.emu.rowFaults.push({ match: /order\/report/, times: 1, kind: 'badMetric' });
    const out = await h.run(['order_stats'], w, { key: 'bad-row' });
    expect(out.status).toBe('failed');
    if (out.status === 'failed') {
      expect(out.error?.code).toBe('SYNC_BAD_RESPONSE');
      expect(out.error?.message).toMatch(/order \d{16}: stat_cost: not a whole number of fen: "12\.5元"/);
    }
    expect(h.notifier.alerts.at(-1)?.action).toMatch(/Rows before it are kept/);
    const again = await h.run(['order_stats'], w, { key: 'bad-row' });
    expect(again.status).toBe('succeeded');
    const now = h.now().getTime();
    const moved = mine().filter((o) => metricsAt(o, now).total_play !== metricsAt(o, now - 5 * 60_000).total_play);
    const written = (await h.db.pool.query(`SELECT order_id FROM douplus_order_stats WHERE stat_time = $1 AND account_id = $2 ORDER BY order_id`, [w.from, account])).rows.map((r) => r.order_id);
    expect(written).toEqual(moved.map((o) => o.orderId.toString()).sort());
  });

  it('a report row without an order id fails the pass with what was wrong, not a silent skip', async () => {
    h.step();
    h.emu.rowFaults.push({ match: /order\/report/, times: 1, kind: 'noDimension' });
    const out = await h.run(['order_stats'], h.statsWindow());
    expect(out.status).toBe('failed');
    if (out.status === 'failed') expect(out.error?.message).toMatch(/report row has no dimension_data\.order_id/);
  });

  it('an order in the report that the list has not shown yet: its snapshot is kept, a warning says so, and the order joins it once listed', async () => {
    const hidden = delivering().find((o) => !h.emu.statusOverrides.has(o.orderId.toString()) && o !== delivering()[0]);
    if (!hidden) throw new Error('no second delivering order');
    const id = hidden.orderId.toString();
    await h.db.pool.query(`DELETE FROM douplus_orders WHERE order_id = $1`, [id]);
    await h.db.pool.query(`DELETE FROM douplus_order_latest WHERE order_id = $1`, [id]);
    await h.db.pool.query(`DELETE FROM douplus_order_stats WHERE order_id = $1`, [id]);
    h.emu.hiddenFromList.add(id);
    h.emu.reportExtras.add(id);
    h.step();
    await h.run(['orders'], h.ordersWindow(7));
    expect((await h.db.pool.query(`SELECT 1 FROM douplus_orders WHERE order_id = $1`, [id])).rowCount).toBe(0);
    const w = h.statsWindow();
    const out = await h.run(['order_stats'], w);
    expect(out.status).toBe('succeeded');
    const snap = (await h.db.pool.query(`SELECT cost::text, item_id FROM douplus_order_stats WHERE order_id = $1 AND stat_time = $2`, [id, w.from])).rows[0];
    expect(snap).toEqual({ cost: fenToYuan(metricsAt(hidden, h.now().getTime()).stat_cost), item_id: hidden.itemId.toString() });
    expect(logged.lines.some((l) => /order list has not shown yet/.test(l.msg) && JSON.stringify(l).includes(id))).toBe(true);
    h.emu.hiddenFromList.delete(id);
    h.emu.reportExtras.delete(id);
    await h.run(['orders'], h.ordersWindow(7));
    const joined = (
      await h.db.pool.query(`SELECT o.order_id, l.cost::text FROM douplus_orders o JOIN douplus_order_latest l USING (order_id) WHERE o.order_id = $1`, [id])
    ).rows[0];
    expect(joined?.cost).toBe(snap.cost);
  });

  it('a token revoked mid-run: the run stops with "re-authorise", the pages before are kept, and after re-authorising the run resumes', async () => {
    h.step();
    const window = h.ordersWindow(7);
    await h.db.pool.query(`DELETE FROM douplus_order_ads`);
    await h.db.pool.query(`DELETE FROM douplus_orders`);
    const key = 'revoked-mid-run';
    const out = await h.run(['orders'], window, {
      key,
      deps: {
        afterPage: (pages) => {
          if (pages === 1) {
            h.emu.revokeAccessTokens();
            h.emu.revokeRefreshTokens();
          }
          return false;
        },
      },
    });
    expect(out.status).toBe('failed');
    if (out.status === 'failed') {
      expect(out.error?.code).toBe('TOKEN_REFRESH_FAILED');
      expect(out.error?.action).toMatch(/Re-authorise/);
    }
    const kept = (await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_orders`)).rows[0].n;
    expect(kept).toBeGreaterThanOrEqual(10);
    await h.tokens.authorizeWithCode('douplus', h.settings.DOUPLUS_GRANT, h.emu.issueAuthCode());
    const again = await h.run(['orders'], window, { key });
    expect(again.status).toBe('succeeded');
    const expected = mine().filter((o) => o.createdAt >= window.from.getTime() && !h.emu.hiddenFromList.has(o.orderId.toString())).length;
    expect((await h.db.pool.query(`SELECT count(*)::int AS n FROM douplus_orders`)).rows[0].n).toBe(expected);
  });
});
