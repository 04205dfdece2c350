// /status, /stop, /start and /sync against the real engine (its 抖音来客 emulator, pg-boss queue,
// run records in Postgres): event in → card out, the /sync card patched as the run progresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDay } from '../../src/engine/time.js';
import { backfillWindow } from '../../src/ops/sync.js';
import { ADMIN, GROUP, startBotHarness, textOf, titleOf, type BotHarness } from './harness.js';

const TITLE = '抖音来客';

async function ask(h: BotHarness, text: string, openId = ADMIN) {
  const res = await h.sandbox.say(GROUP, text, { openId });
  expect(res.status).toBe(200);
  const msgs = await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.some((x) => x.parentId === res.message.messageId), 20_000);
  return msgs.find((x) => x.parentId === res.message.messageId)!;
}

/** A day inside the emulator's data set (the 30 days before now). */
const twoDaysAgo = () => businessDay(new Date(Date.now() - 2 * 86400_000));

describe('commands with the engine running', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({}, { engine: { workers: true } });
  });
  afterAll(() => h.close());

  it('/status shows each connector, its task state and heartbeat, and Feishu API calls this month', async () => {
    await h.bot.counter.flush();
    const reply = await ask(h, '/status', 'ou_member');
    expect(titleOf(reply.card)).toBe('Tongbu status');
    const text = textOf(reply.card);
    expect(text).toContain('douyin-life');
    expect(text).toContain('sandbox');
    expect(text).toContain('Task: **RUNNING**');
    expect(text).toContain('Next run:');
    const m = /Feishu API calls used this month: ([\d,]+)/.exec(text);
    expect(m).not.toBeNull();
    expect(Number(m![1]!.replace(/,/g, ''))).toBeGreaterThan(0);
  });

  it('状态 (Chinese alias) gives the same card', async () => {
    expect(titleOf((await ask(h, '状态')).card)).toBe('Tongbu status');
  });

  it('/stop and /start by an admin change the task in Postgres; a non-admin changes nothing', async () => {
    const refused = await ask(h, '/stop douyin-life', 'ou_member');
    expect(titleOf(refused.card)).toBe('Sorry, admins only');
    const state = async () => (await h.services.pool.query<{ desired_state: string; updated_by: string | null }>(`SELECT desired_state, updated_by FROM sync_tasks WHERE name = 'douyin-life'`)).rows[0];
    expect((await state())?.desired_state).toBe('RUNNING');

    const stopped = await ask(h, '/stop douyin-life');
    expect(titleOf(stopped.card)).toBe('Task douyin-life: STOPPED');
    expect(await state()).toEqual({ desired_state: 'STOPPED', updated_by: ADMIN });

    const blocked = await ask(h, '/sync douyin-life');
    expect(titleOf(blocked.card)).toBe('That did not work');
    expect(textOf(blocked.card)).toContain('TASK_STOPPED');

    const started = await ask(h, '开始 douyin-life');
    expect(titleOf(started.card)).toBe('Task douyin-life: RUNNING');
    expect((await state())?.desired_state).toBe('RUNNING');

    const unknown = await ask(h, '/stop nosuchtask');
    expect(textOf(unknown.card)).toContain('TASK_UNKNOWN');
  });

  it('/sync of an unknown connector says so', async () => {
    const reply = await ask(h, '/sync nosuch 2026-02-11');
    expect(textOf(reply.card)).toContain('CONNECTOR_UNKNOWN');
  });

  it('/sync <connector> <day>: the card is patched with slices done/total and ends with the counts', async () => {
    const day = twoDaysAgo();
    const reply = await ask(h, `/sync douyin-life ${day}`);
    expect(titleOf(reply.card)).toContain('queued');
    const done = await h.sandbox.im.waitForBotMessages(GROUP, () => /: (done|failed|aborted)$/.test(titleOf(h.sandbox.im.messages.get(reply.messageId)?.card)), 30_000);
    expect(done.length).toBeGreaterThan(0);
    const msg = h.sandbox.im.messages.get(reply.messageId)!;
    expect(titleOf(msg.card)).toBe(`Sync ${TITLE}: done`);
    expect(msg.cardHistory.length).toBeGreaterThan(1);
    const run = await h.services.pool.query<{ inserted: number; slices_done: number; slices_total: number }>(
      `SELECT inserted, slices_done, slices_total FROM sync_runs WHERE trigger = 'chat' AND requested_by = $1 ORDER BY id DESC LIMIT 1`,
      [ADMIN],
    );
    const r = run.rows[0]!;
    expect(r.inserted).toBeGreaterThan(0);
    const text = textOf(msg.card);
    expect(text).toContain(`**${r.inserted.toLocaleString('en-US')}** new`);
    expect(text).toContain(`${r.slices_done} / ${r.slices_total} slices`);
    expect(text).toContain(day);
  });
});

describe('/sync while the same sync is queued', () => {
  let h: BotHarness;
  beforeAll(async () => {
    // No workers: runs stay queued, so the second command meets the first.
    h = await startBotHarness({}, { engine: { workers: false } });
  });
  afterAll(() => h.close());

  it('a second identical /sync answers "already running"', async () => {
    const day = twoDaysAgo();
    const first = await ask(h, `/sync douyin-life ${day}`);
    expect(titleOf(first.card)).toContain('queued');
    const second = await ask(h, `同步 douyin-life ${day}`);
    expect(titleOf(second.card)).toContain('already running');
  });

  it('/export oceanengine <month> sends the xlsx into the thread, then a card with the row count', async () => {
    const day = twoDaysAgo();
    const [run] = await h.services.engine!.runNow({ connector: 'oceanengine', window: backfillWindow(day), kind: 'backfill', trigger: 'cli' });
    expect(run?.status).toBe('succeeded');
    const rows = (await h.services.pool.query(`SELECT count(*)::int AS n FROM oceanengine_local_daily WHERE to_char(stat_date, 'YYYY-MM') = $1`, [day.slice(0, 7)])).rows[0].n;
    expect(rows).toBeGreaterThan(0);
    const res = await h.sandbox.say(GROUP, `/export oceanengine ${day.slice(0, 7)}`, { openId: 'ou_member' });
    const msgs = await h.sandbox.im.waitForBotMessages(GROUP, (m) => m.filter((x) => x.parentId === res.message.messageId).length >= 2, 20_000);
    const replies = msgs.filter((x) => x.parentId === res.message.messageId);
    expect(replies.map((r) => r.msgType)).toEqual(['file', 'interactive']);
    expect(textOf(replies[1]!.card)).toContain(`${rows} rows`);
  });

  it('/token status shows the sandbox grant of 巨量本地推 with time left, never the token', async () => {
    const reply = await ask(h, '/token status', 'ou_member');
    const text = textOf(reply.card);
    expect(text).toContain('oceanengine');
    expect(text).toMatch(/access token .*left/i);
    // A connector's own credentials (Temu's seller-issued shop tokens, sandbox shops) are listed too.
    expect(text).toMatch(/temu:us-main \(Temu shop tokens\): us, /);
    const status = textOf((await ask(h, '/status', 'ou_member')).card);
    expect(status).toMatch(/Temu shop tokens: \d+/);
    const stored = await h.services.pool.query(`SELECT access_token_enc FROM platform_tokens LIMIT 1`);
    expect(stored.rowCount).toBe(1);
    expect(text).not.toMatch(/[A-Za-z0-9]{32,}/);
  });
});
