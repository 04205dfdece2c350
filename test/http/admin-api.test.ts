import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { douyinHarness, type DouyinHarness } from '../helpers/douyin.js';

describe('admin API', () => {
  let h: DouyinHarness;
  let app: FastifyInstance;
  const auth = { authorization: 'Bearer s3cret-admin-token' };
  beforeAll(async () => {
    h = await douyinHarness({}, { ADMIN_TOKEN: 's3cret-admin-token' });
    await h.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    app = await buildApp(h.services);
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('refuses requests without the admin token', async () => {
    const res = await app.inject({ url: '/api/status' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHORIZED');
    const wrong = await app.inject({ url: '/api/status', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('queues a backfill and reports its progress', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sync', headers: auth, payload: { connector: 'douyin-life', range: '2026-02-01..2026-02-02' } });
    expect(res.statusCode).toBe(202);
    const { runKey } = res.json();
    let view;
    for (let i = 0; i < 100; i++) {
      view = (await app.inject({ url: `/api/sync?key=${encodeURIComponent(runKey)}`, headers: auth })).json();
      if (view.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(view).toMatchObject({ status: 'succeeded', slicesDone: 2, slicesTotal: 2 });
    const status = (await app.inject({ url: '/api/status', headers: auth })).json();
    expect(status.connectors[0]).toMatchObject({ name: 'douyin-life', mode: 'live', task: { state: 'RUNNING' } });
    expect(status.connectors[0].lastRun.status).toBe('succeeded');
  });

  it('a bad range is a 400 with the named error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sync', headers: auth, payload: { connector: 'douyin-life', range: '2026-13-01' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'WINDOW_INVALID' });
  });

  it('stops and starts a task', async () => {
    const stop = await app.inject({ method: 'POST', url: '/api/tasks/douyin-life/stop', headers: auth });
    expect(stop.json()).toEqual({ name: 'douyin-life', state: 'STOPPED' });
    const refused = await app.inject({ method: 'POST', url: '/api/sync', headers: auth, payload: { connector: 'douyin-life', range: '2026-02-01' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TASK_STOPPED');
    const start = await app.inject({ method: 'POST', url: '/api/tasks/douyin-life/start', headers: auth });
    expect(start.json()).toEqual({ name: 'douyin-life', state: 'RUNNING' });
    const unknown = await app.inject({ method: 'POST', url: '/api/tasks/nope/stop', headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('TASK_UNKNOWN');
  });

  it('GET /metrics shows runs by connector and outcome', async () => {
    // The run is counted once its derived tables and daily figures are refreshed, a moment after
    // /api/sync shows it succeeded (the test above): give it that moment.
    let res = await app.inject('/metrics');
    for (let i = 0; i < 50 && !res.body.includes('tongbu_sync_runs_total{connector="douyin-life",outcome="succeeded"}'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await app.inject('/metrics');
    }
    expect(res.body).toMatch(/tongbu_sync_runs_total\{connector="douyin-life",outcome="succeeded"\} 1/);
    expect(res.body).toContain('tongbu_queue_depth{queue="tongbu-sync"}');
  });
});
