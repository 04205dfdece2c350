// Issue 18, point 3: client mistakes are 4xx naming the field, in the API's error shape.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { CONNECTORS } from '../../src/connectors/index.js';
import { douyinHarness, type DouyinHarness } from '../helpers/douyin.js';

describe('request validation', () => {
  let h: DouyinHarness;
  let app: FastifyInstance;
  const auth = { authorization: 'Bearer validation-admin' };
  const jobs = async () => (await h.db.pool.query(`SELECT count(*)::int AS n FROM pgboss.job`)).rows[0].n as number;
  const sync = (payload: unknown) => app.inject({ method: 'POST', url: '/api/sync', headers: auth, payload: payload as object });

  beforeAll(async () => {
    h = await douyinHarness({}, { ADMIN_TOKEN: 'validation-admin', TOKEN_ENCRYPTION_KEY: 'v'.repeat(32) });
    await h.engine.start({ scheduler: false, workers: false, pollingIntervalSeconds: 0.5 });
    // Every connector's OAuth is known to the routes, as in the service.
    app = await buildApp({ ...h.services, connectors: CONNECTORS });
    // A plugin with its own JSON parser that lets JSON.parse throw, as a Feishu-style route might.
    await app.register(async (child) => {
      child.removeContentTypeParser('application/json');
      child.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (e) {
          done(e as Error, undefined);
        }
      });
      child.post('/test/own-parser', async (req) => ({ got: req.body }));
    });
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it.each([
    [{ connector: 123 }, 'body.connector: expected string, received number'],
    [{ connector: 'douyin-life', range: 20261114 }, 'body.range: expected string, received number'],
    [{ connector: 'douyin-life', account: ['a', 'b'] }, 'body.account: expected string, received array'],
    [{ connector: 'douyin-life', force: 'yes' }, 'body.force: expected boolean, received string'],
    [{ connector: 'douyin-life', forse: true }, 'body.forse is not a field of this route'],
    [{ range: '2026-02-01' }, 'body.connector is required'],
    [{ connector: 'x'.repeat(500) }, 'body.connector: Too big'],
  ])('POST /api/sync %j → 400 naming the field, nothing queued', async (payload, named) => {
    const before = await jobs();
    const res = await sync(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'BAD_REQUEST', message: expect.stringContaining(named), action: expect.any(String) });
    expect(await jobs()).toBe(before);
  });

  it('malformed JSON is a 400 BAD_REQUEST, not INTERNAL', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sync', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"connector":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON') });
    expect(res.body).not.toContain('bug');
  });

  it("malformed JSON is a 400 through the app's error handler, also under a plugin's own parser", async () => {
    const res = await app.inject({ method: 'POST', url: '/test/own-parser', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON') });
    expect((await app.inject({ method: 'POST', url: '/test/own-parser', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' })).json()).toEqual({ got: { a: 1 } });
  });

  it('a body over 5 MB is a 413', async () => {
    const res = await sync({ connector: 'douyin-life', range: 'x'.repeat(6 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('REQUEST_TOO_LARGE');
  });

  it('no body at all names the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/sync', headers: auth });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('body is required');
  });

  it('a well-formed request still queues (202) and an unknown connector is still its own 404', async () => {
    const ok = await sync({ connector: 'douyin-life', range: '2026-02-01', force: false, account: h.emu.accounts[0] });
    expect(ok.statusCode).toBe(202);
    expect(ok.json().runKeys).toHaveLength(1);
    const unknown = await sync({ connector: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('CONNECTOR_UNKNOWN');
  });

  it('GET /api/sync: the key is required, repeats are a list, unknown parameters are refused', async () => {
    const missing = await app.inject({ url: '/api/sync', headers: auth });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('query.key is required');
    const unknown = await app.inject({ url: '/api/sync?key=a&limit=3', headers: auth });
    expect(unknown.json().error.message).toContain('query.limit is not a field of this route');
    const two = await app.inject({ url: '/api/sync?key=a&key=b', headers: auth });
    expect(two.statusCode).toBe(404);
    expect(two.json().error.code).toBe('RUN_UNKNOWN');
  });

  it('GET /api/imports?limit= is a number from 1 to 200', async () => {
    expect((await app.inject({ url: '/api/imports?limit=20', headers: auth })).statusCode).toBe(200);
    const bad = await app.inject({ url: '/api/imports?limit=abc', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('query.limit');
    expect((await app.inject({ url: '/api/imports?limit=500', headers: auth })).statusCode).toBe(400);
  });

  it('a broken multipart upload is a 400, not a 500', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports',
      headers: { ...auth, 'content-type': 'multipart/form-data; boundary=XYZ' },
      payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK', // never closed
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toMatch(/BAD_REQUEST|EXCEL_/);
  });

  it('unknown routes and task verbs are 404 in the same shape', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tasks/douyin-life/pause', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('/api/tasks/douyin-life/pause') });
    expect((await app.inject('/nope?auth_code=secret')).body).not.toContain('secret');
  });

  it('the OAuth callback answers the browser in text, a repeated parameter included', async () => {
    const res = await app.inject('/oauth/oceanengine/callback?state=a&state=b&auth_code=c');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('query.state');
    // A parameter the platform may add is ignored; the unknown state is what is refused.
    const extra = await app.inject('/oauth/oceanengine/callback?state=forged&auth_code=c&scope=x');
    expect(extra.statusCode).toBe(400);
    expect(extra.body).toContain('unknown or expired state');
  });
});
