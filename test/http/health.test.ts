import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { configFrom } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('health routes', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await buildApp({ config: configFrom(), log: createLogger('silent', { pretty: false }), pool: db.pool, metrics: createMetrics() });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('GET /healthz answers ok', async () => {
    const res = await app.inject('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready once migrations are applied', async () => {
    const res = await app.inject('/readyz');
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz reports pending migrations', async () => {
    await db.pool.query(`DELETE FROM schema_migrations WHERE version = 2`);
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().pending).toEqual(['002_douyin_life.sql']);
    await db.pool.query(`INSERT INTO schema_migrations (version, name) VALUES (2, '002_douyin_life.sql')`);
  });

  it('GET /metrics is Prometheus text', async () => {
    const res = await app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('# TYPE tongbu_sync_runs_total counter');
  });
});
