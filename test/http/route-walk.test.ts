// Every HTTP route, as the app itself lists them (so a route added later is walked too), is sent
// client mistakes: fields of the wrong type, missing and unknown fields, huge values, malformed
// JSON, bodies that are not objects, a body over the limit. Each must answer 4xx, never 5xx, and
// none may write anything.
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { createFeishuBot } from '../../src/chat/bot.js';
import { douyinHarness, type DouyinHarness } from '../helpers/douyin.js';

const ADMIN = 'walk-admin-token';
const auth = { authorization: `Bearer ${ADMIN}` };

/** What Fastify passed to onRoute, plus the zod schemas the route declared. */
interface WalkedRoute {
  method: string;
  url: string;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
}

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: { def: ZodDef };
}
const defOf = (s: z.ZodType) => (s as unknown as { def: ZodDef }).def;

/** The kind of value a field takes, through optional/default/pipe/union wrappers. */
function kindOf(s: z.ZodType): string {
  const d = defOf(s);
  if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'prefault') return kindOf(d.innerType as z.ZodType);
  if (d.type === 'pipe') return kindOf(d.in as z.ZodType);
  if (d.type === 'union') return kindOf((d.options as z.ZodType[])[0] as z.ZodType);
  return d.type;
}
const isOptional = (s: z.ZodType) => (s as unknown as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success;
const shapeOf = (s: z.ZodType | undefined): Record<string, z.ZodType> => {
  if (!s) return {};
  const d = defOf(s);
  if (d.type === 'optional' || d.type === 'nullable') return shapeOf(d.innerType);
  return d.type === 'object' ? (d.shape ?? {}) : {};
};
/** Strict objects refuse unknown fields (catchall never). */
const isStrict = (s: z.ZodType | undefined) => {
  if (!s) return false;
  const d = defOf(s);
  if (d.type === 'optional' || d.type === 'nullable') return isStrict(d.innerType);
  return d.catchall?.def.type === 'never';
};

/** A value of the right type, for the fields a mutation leaves alone. */
function sample(kind: string): unknown {
  return kind === 'boolean' ? true : kind === 'number' ? 1 : kind === 'array' ? ['x'] : 'x';
}
/** Values of the wrong type for a JSON field of this kind. */
function wrongJson(kind: string): unknown[] {
  if (kind === 'string') return [123, ['a', 'b'], { a: 1 }, true];
  if (kind === 'boolean') return ['yes', 1, null];
  if (kind === 'number') return ['abc', true];
  return ['x', 123];
}

const HUGE = 'x'.repeat(100_000);

describe('every route answers client mistakes with 4xx and writes nothing', () => {
  let h: DouyinHarness;
  let app: FastifyInstance;
  const routes: WalkedRoute[] = [];
  const answers: { what: string; status: number; body: string }[] = [];

  beforeAll(async () => {
    h = await douyinHarness({}, {
      ADMIN_TOKEN: ADMIN,
      TOKEN_ENCRYPTION_KEY: 'w'.repeat(32),
      // A bot with event routes (no network until start(), which this test does not call).
      FEISHU_APP_ID: 'cli_walk',
      FEISHU_APP_SECRET: 'walk-secret',
      FEISHU_VERIFICATION_TOKEN: 'walk-verification-token',
      FEISHU_ENCRYPT_KEY: 'walk-encrypt-key',
      FEISHU_DOMAIN: 'http://127.0.0.1:9/',
    });
    await h.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    const bot = await createFeishuBot(h.services);
    if (bot) Object.assign(h.services, { feishuBot: bot });
    app = await buildApp(h.services, {
      onRoute: (r: RouteOptions) => {
        const schema = (r.schema ?? {}) as { body?: z.ZodType; querystring?: z.ZodType; params?: z.ZodType };
        for (const method of ([] as string[]).concat(r.method)) routes.push({ method, url: r.url, body: schema.body, query: schema.querystring, params: schema.params });
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await h.services.feishuBot?.close();
    await h?.close();
  });

  /** Row counts of every table (sync_runs, pgboss.job, excel_imports, … and any added later), and the task states. */
  async function footprint() {
    const tables = await h.db.pool.query<{ t: string }>(
      `SELECT format('%I.%I', table_schema, table_name) AS t FROM information_schema.tables
        WHERE table_schema IN ('public', 'pgboss') AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { t } of tables.rows) counts[t] = (await h.db.pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    const tasks = (await h.db.pool.query(`SELECT coalesce(string_agg(name || '=' || desired_state, ',' ORDER BY name), '') AS s FROM sync_tasks`)).rows[0].s as string;
    return { counts, tasks };
  }

  const pathOf = (r: WalkedRoute, param = 'x') => r.url.replace(/:[A-Za-z_]+/g, param);
  const takesBody = (r: WalkedRoute) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);

  async function send(what: string, opts: { method: string; url: string; payload?: string | object; contentType?: string }) {
    const headers: Record<string, string> = { ...auth };
    if (typeof opts.payload === 'object') opts.contentType ??= 'application/json';
    if (opts.contentType) headers['content-type'] = opts.contentType;
    const res = await app.inject({ method: opts.method as 'GET', url: opts.url, headers, payload: opts.payload as string });
    answers.push({ what, status: res.statusCode, body: res.body });
    return res;
  }

  it('walks every route', async () => {
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /healthz', 'POST /api/sync', 'GET /api/sync', 'POST /api/imports', 'GET /oauth/:platform/callback', 'POST /feishu/events', 'POST /feishu/cards']),
    );
    const before = await footprint();
    /** Mistakes that name a field must name it in the answer. */
    const named: { what: string; field: string; body: string; status: number }[] = [];

    for (const r of routes) {
      const label = `${r.method} ${r.url}`;
      const bodyShape = shapeOf(r.body);
      const validBody = Object.fromEntries(Object.entries(bodyShape).map(([k, s]) => [k, sample(kindOf(s))]));
      const queryShape = shapeOf(r.query);
      const validQuery = Object.fromEntries(Object.entries(queryShape).map(([k, s]) => [k, String(sample(kindOf(s)))]));
      const url = (query: Record<string, string | string[]> = validQuery, param = 'x') => {
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) for (const one of ([] as string[]).concat(v)) qs.append(k, one);
        const s = qs.toString();
        return s ? `${pathOf(r, param)}?${s}` : pathOf(r, param);
      };

      if (takesBody(r)) {
        await send(`${label} malformed JSON`, { method: r.method, url: url(), payload: '{"connector": "douyin-life", ', contentType: 'application/json' });
        await send(`${label} JSON that is not an object`, { method: r.method, url: url(), payload: '[1,2,3]', contentType: 'application/json' });
        await send(`${label} JSON null`, { method: r.method, url: url(), payload: 'null', contentType: 'application/json' });
        await send(`${label} plain text`, { method: r.method, url: url(), payload: 'connector=douyin-life', contentType: 'text/plain' });
        await send(`${label} unknown content type`, { method: r.method, url: url(), payload: '<x/>', contentType: 'application/xml' });
        await send(`${label} body over the limit`, { method: r.method, url: url(), payload: JSON.stringify({ connector: 'x'.repeat(6 * 1024 * 1024) }), contentType: 'application/json' });
        await send(`${label} unknown field only`, { method: r.method, url: url(), payload: { unexpected_field: 1 }, contentType: 'application/json' });
      }

      if (r.body) {
        for (const [field, s] of Object.entries(bodyShape)) {
          const kind = kindOf(s);
          for (const wrong of wrongJson(kind)) {
            const res = await send(`${label} body.${field}=${JSON.stringify(wrong)}`, { method: r.method, url: url(), payload: { ...validBody, [field]: wrong }, contentType: 'application/json' });
            named.push({ what: `${label} body.${field} wrong type`, field: `body.${field}`, body: res.body, status: res.statusCode });
          }
          if (kind === 'string') {
            const res = await send(`${label} body.${field} huge`, { method: r.method, url: url(), payload: { ...validBody, [field]: HUGE }, contentType: 'application/json' });
            named.push({ what: `${label} body.${field} huge`, field: `body.${field}`, body: res.body, status: res.statusCode });
          }
          if (!isOptional(s)) {
            const { [field]: _dropped, ...rest } = validBody;
            const res = await send(`${label} body.${field} missing`, { method: r.method, url: url(), payload: rest, contentType: 'application/json' });
            named.push({ what: `${label} body.${field} missing`, field: `body.${field}`, body: res.body, status: res.statusCode });
          }
        }
        if (isStrict(r.body)) {
          const res = await send(`${label} extra body field`, { method: r.method, url: url(), payload: { ...validBody, unexpected_field: 'x' }, contentType: 'application/json' });
          named.push({ what: `${label} extra body field`, field: 'unexpected_field', body: res.body, status: res.statusCode });
        }
      }

      if (r.query) {
        const withBody = (u: string) => ({ method: r.method, url: u, payload: r.body ? validBody : undefined });
        for (const [field, s] of Object.entries(queryShape)) {
          const kind = kindOf(s);
          // Query values are text: a number field gets letters, a text field is repeated past any list limit.
          const wrong = kind === 'number' ? 'abc' : Array.from({ length: 60 }, () => 'x');
          let res = await send(`${label} query.${field} wrong`, withBody(url({ ...validQuery, [field]: wrong })));
          named.push({ what: `${label} query.${field} wrong`, field: `query.${field}`, body: res.body, status: res.statusCode });
          res = await send(`${label} query.${field} huge`, withBody(url({ ...validQuery, [field]: kind === 'number' ? '9'.repeat(400) : 'x'.repeat(5000) })));
          named.push({ what: `${label} query.${field} huge`, field: `query.${field}`, body: res.body, status: res.statusCode });
          if (!isOptional(s)) {
            const { [field]: _dropped, ...rest } = validQuery;
            res = await send(`${label} query.${field} missing`, withBody(url(rest)));
            named.push({ what: `${label} query.${field} missing`, field: `query.${field}`, body: res.body, status: res.statusCode });
          }
        }
        if (isStrict(r.query)) {
          const res = await send(`${label} extra query field`, withBody(url({ ...validQuery, unexpected_field: '1' })));
          named.push({ what: `${label} extra query field`, field: 'unexpected_field', body: res.body, status: res.statusCode });
        }
      }

      if (r.url.includes(':')) {
        await send(`${label} huge path parameter`, { method: r.method, url: url(validQuery, 'y'.repeat(5000)) });
        await send(`${label} odd path parameter`, { method: r.method, url: url(validQuery, '%E0%A4%A') });
      }
    }

    // WALK_DUMP=/tmp/walk.txt writes every request and answer, to see what a new route answers.
    if (process.env.WALK_DUMP) (await import('node:fs')).writeFileSync(process.env.WALK_DUMP, answers.map((a) => `${a.status} ${a.what} ${a.body.slice(0, 300)}`).join('\n'));
    const serverErrors = answers.filter((a) => a.status >= 500);
    expect(serverErrors).toEqual([]);
    const notClientErrors = answers.filter((a) => a.status < 400 && !a.what.startsWith('HEAD'));
    expect(notClientErrors).toEqual([]);
    // JSON that does not parse is a 400 everywhere, the Feishu routes included.
    expect(answers.filter((a) => a.what.endsWith('malformed JSON') && a.status !== 400)).toEqual([]);
    expect(answers.filter((a) => a.what.endsWith('body over the limit') && a.status !== 413)).toEqual([]);
    for (const n of named) {
      expect(n.status, n.what).toBe(400);
      if (!n.what.startsWith('HEAD ')) expect(n.body, n.what).toContain(n.field); // HEAD answers carry no body
    }
    expect(named.length).toBeGreaterThan(20);
    // Our routes answer in one shape; the Feishu routes answer Feishu, and the OAuth callback a browser.
    for (const a of answers.filter((x) => !x.what.startsWith('HEAD ') && !x.what.includes(' /feishu/') && !x.what.includes('/callback'))) {
      expect(JSON.parse(a.body).error, a.what).toEqual({ code: expect.any(String), message: expect.any(String), action: expect.any(String) });
    }
    expect(Object.keys(before.counts)).toEqual(expect.arrayContaining(['public.sync_runs', 'pgboss.job', 'public.excel_imports', 'public.oauth_states', 'public.platform_tokens']));
    expect(await footprint()).toEqual(before);
  });

  it('without the admin token, the admin routes answer 401 before looking at the input', async () => {
    for (const r of routes.filter((x) => x.url.startsWith('/api/'))) {
      const res = await app.inject({ method: r.method as 'GET', url: pathOf(r), payload: takesBody(r) ? { connector: 123 } : undefined });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      if (r.method !== 'HEAD') expect(res.json().error.code).toBe('UNAUTHORIZED');
    }
  });
});
