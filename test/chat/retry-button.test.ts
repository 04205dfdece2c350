// The "retry" button on a failure alert: a card callback in → the run queued again → its
// progress card in the chat, and the run in Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDay } from '../../src/engine/time.js';
import { ADMIN, GROUP, startBotHarness, titleOf, type BotHarness } from './harness.js';

describe('retry button', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({}, { engine: { workers: true } });
  });
  afterAll(() => h.close());

  it('queues the run again for an admin (progress card in the chat), and refuses others', async () => {
    const day = businessDay(new Date(Date.now() - 2 * 86400_000));
    const value = { action: 'retry', connector: 'douyin-life', from: `${day} 00:00`, to: `${day} 23:59` };
    // The card the notifier posts for a failed run carries this button value.
    const alertId = await h.bot.api.sendCard(GROUP, { schema: '2.0', config: { update_multi: true }, body: { elements: [] } });
    const refused = await h.sandbox.click(alertId, value, { openId: 'ou_member' });
    expect(refused.body).toContain('only admins');
    const ok = await h.sandbox.click(alertId, value, { openId: ADMIN });
    expect(ok.body).toContain('Queued again');
    let status: string | undefined;
    for (let i = 0; i < 200 && status !== 'succeeded'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await h.services.pool.query(`SELECT status FROM sync_runs WHERE trigger = 'retry'`)).rows[0]?.status;
    }
    expect(status).toBe('succeeded');
    const runs = await h.services.pool.query(`SELECT requested_by FROM sync_runs WHERE trigger = 'retry'`);
    expect(runs.rows).toEqual([{ requested_by: ADMIN }]);
    const progress = h.sandbox.im.botMessages(GROUP).filter((m) => titleOf(m.card).includes('抖音来客'));
    expect(progress.length).toBe(1);
  });
});
