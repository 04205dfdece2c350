// Issue 18, point 5: /metrics says when each stream last succeeded, carries the process and
// Node.js metrics, parses cleanly, and the shipped alerting rules only name metrics it exports.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildApp } from '../../src/app.js';
import { createMetrics } from '../../src/metrics.js';
import { douyinHarness, FEB1, type DouyinHarness } from '../helpers/douyin.js';

interface Family {
  name: string;
  type: string;
  help: boolean;
  samples: { name: string; labels: Record<string, string>; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `a="x",b="y\"z"` → { a: 'x', b: 'y"z' }; throws on anything the format does not allow. */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`label without a value in {${text}}`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name "${name}"`);
    if (name in labels) throw new Error(`label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`label ${name}: value not quoted`);
    let value = '';
    let j = eq + 2;
    for (; j < text.length && text[j] !== '"'; j++) {
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`label ${name}: bad escape \\${next}`);
      } else value += text[j];
    }
    if (text[j] !== '"') throw new Error(`label ${name}: unterminated value`);
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (i < text.length) throw new Error(`junk after label ${name}: ${text.slice(i)}`);
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN; // (prom-client writes "Nan"; GET /metrics spells it as the format does)
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad sample value "${text}"`);
  return Number(text);
}

/** The sample names a family of this type may have. */
function belongs(family: Family, sample: string): boolean {
  if (family.type === 'histogram') return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  if (family.type === 'summary') return [family.name, `${family.name}_sum`, `${family.name}_count`].includes(sample);
  return sample === family.name;
}

/**
 * A strict reading of the Prometheus text format (0.0.4): every sample belongs to the family
 * declared just before it with # HELP and # TYPE, families are not repeated or interleaved, label
 * sets are well-formed and unique, values are numbers, histograms end at le="+Inf".
 */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('the exposition does not end with a newline');
  for (const [n, line] of lines.entries()) {
    const where = `line ${n + 1}: ${line.slice(0, 120)}`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name, rest = ''] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`${where}: bad metric name`);
      let fam = families.get(name);
      if (fam && fam !== current) throw new Error(`${where}: family ${name} declared again after other families`);
      if (fam && fam.samples.length) throw new Error(`${where}: # ${kind} after the samples of ${name}`);
      if (!fam) {
        fam = { name, type: '', help: false, samples: [] };
        families.set(name, fam);
      }
      current = fam;
      if (kind === 'HELP') {
        if (fam.help) throw new Error(`${where}: second # HELP`);
        fam.help = true;
      } else {
        if (fam.type) throw new Error(`${where}: second # TYPE`);
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`${where}: unknown type "${rest}"`);
        fam.type = rest;
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`${where}: not a sample line`);
    const [, name, labelText = '', valueText] = m as unknown as [string, string, string | undefined, string];
    if (!current || !belongs(current, name)) throw new Error(`${where}: sample ${name} does not belong to the family declared before it (${current?.name})`);
    if (!current.help || !current.type) throw new Error(`${where}: family ${current.name} lacks # HELP or # TYPE`);
    const labels = parseLabels(labelText);
    const id = `${name}{${Object.entries(labels).sort().map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    if (seen.has(id)) throw new Error(`${where}: series ${id} twice`);
    seen.add(id);
    current.samples.push({ name, labels, value: parseValue(valueText) });
  }
  for (const fam of families.values()) {
    if (!fam.help || !fam.type) throw new Error(`family ${fam.name} lacks # HELP or # TYPE`);
    if (fam.type !== 'histogram') continue;
    // Each series' buckets rise to le="+Inf", which equals its _count.
    const series = new Map<string, { les: number[]; counts: number[]; count?: number }>();
    for (const s of fam.samples) {
      const { le, ...rest } = s.labels;
      const key = JSON.stringify(Object.entries(rest).sort());
      const entry = series.get(key) ?? { les: [], counts: [] };
      series.set(key, entry);
      if (s.name.endsWith('_bucket')) {
        if (le === undefined) throw new Error(`${fam.name}: bucket without le`);
        entry.les.push(parseValue(le));
        entry.counts.push(s.value);
      } else if (s.name.endsWith('_count')) entry.count = s.value;
    }
    for (const [key, e] of series) {
      if (e.les.at(-1) !== Infinity) throw new Error(`${fam.name}${key}: buckets do not end at +Inf`);
      for (let i = 1; i < e.les.length; i++) {
        if (!((e.les[i] as number) > (e.les[i - 1] as number)) || (e.counts[i] as number) < (e.counts[i - 1] as number)) throw new Error(`${fam.name}${key}: buckets out of order`);
      }
      if (e.count !== e.counts.at(-1)) throw new Error(`${fam.name}${key}: _count differs from the +Inf bucket`);
    }
  }
  return families;
}

/** The metric names a PromQL expression reads (not functions, keywords, labels or durations). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan']);
  const names = [...stripped.matchAll(/(?<![\w:.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1] as string);
  return [...new Set(names.filter((n) => !keywords.has(n.toLowerCase())))];
}

describe('GET /metrics', () => {
  let h: DouyinHarness;
  let app: FastifyInstance;
  beforeAll(async () => {
    h = await douyinHarness({}, { ADMIN_TOKEN: 'metrics-admin' });
    await h.engine.start({ scheduler: false, pollingIntervalSeconds: 0.5 });
    app = await buildApp(h.services);
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  it('a successful run sets tongbu_last_success_timestamp_seconds for its connector and account', async () => {
    const account = h.emu.accounts[0] as string;
    const before = Date.now() / 1000;
    const [run] = await h.engine.enqueue({ connector: 'douyin-life', account, kind: 'backfill', trigger: 'api', window: { from: new Date(FEB1 * 1000), to: new Date((FEB1 + 3600) * 1000) } });
    // The gauge is set just after the run's row says succeeded: wait for the gauge itself.
    let sample: Family['samples'][number] | undefined;
    for (let i = 0; i < 200 && !sample; i++) {
      const fam = parseExposition((await app.inject('/metrics')).body).get('tongbu_last_success_timestamp_seconds');
      sample = fam?.samples.find((s) => s.labels.connector === 'douyin-life' && s.labels.account === account);
      if (!sample) await new Promise((res) => setTimeout(res, 50));
    }
    expect((await h.db.pool.query(`SELECT status FROM sync_runs WHERE run_key = $1`, [run?.key])).rows[0]?.status).toBe('succeeded');
    expect(sample?.labels.stream).toBe('all');
    expect(sample?.value).toBeGreaterThanOrEqual(Math.floor(before));
    expect(sample?.value).toBeLessThanOrEqual(Date.now() / 1000);
  });

  it('at start, the gauge is filled from the last succeeded run per connector and account in sync_runs', async () => {
    const at = new Date('2026-11-14T03:00:00Z');
    await h.db.pool.query(
      `INSERT INTO sync_runs (connector, account, trigger, run_key, window_from, window_to, status, started_at, finished_at)
       VALUES ('oceanengine-local', 'acc-9', 'schedule', 'k1', now(), now(), 'succeeded', $1::timestamptz - interval '1 minute', $1),
              ('oceanengine-local', 'acc-9', 'schedule', 'k0', now(), now(), 'succeeded', $1::timestamptz - interval '2 days', $1::timestamptz - interval '1 day'),
              ('oceanengine-local', 'acc-9', 'schedule', 'k2', now(), now(), 'failed', $1::timestamptz, $1::timestamptz + interval '1 hour'),
              ('douyin-life', 'acc-removed', 'schedule', 'k3', now(), now(), 'succeeded', $1::timestamptz - interval '1 minute', $1)`,
      [at],
    );
    const line = (connector: string, account: string) => new RegExp(`^tongbu_last_success_timestamp_seconds\\{connector="${connector}",stream="all",account="${account}"\\} (\\S+)$`, 'm');
    // A process without an engine (the CLI's services) reads every pair.
    const bare = await buildApp({ ...h.services, engine: undefined, metrics: createMetrics(), refreshGauges: undefined });
    try {
      expect(line('oceanengine-local', 'acc-9').exec((await bare.inject('/metrics')).body)?.[1]).toBe(String(at.getTime() / 1000));
    } finally {
      await bare.close();
    }
    // The service reads only the connectors and accounts it runs: a removed account must not stay stale forever.
    const service = await buildApp({ ...h.services, metrics: createMetrics(), refreshGauges: undefined });
    try {
      const body = (await service.inject('/metrics')).body;
      expect(Number(line('douyin-life', h.emu.accounts[0] as string).exec(body)?.[1])).toBeGreaterThan(at.getTime() / 1000);
      expect(body).not.toMatch(line('douyin-life', 'acc-removed'));
      expect(body).not.toMatch(line('oceanengine-local', 'acc-9'));
    } finally {
      await service.close();
    }
  });

  it('carries the process and Node.js metrics under their standard names', async () => {
    const families = parseExposition((await app.inject('/metrics')).body);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(families.get(name)?.samples.length, name).toBeGreaterThan(0);
    }
  });

  it('parses cleanly as the Prometheus text format', async () => {
    const res = await app.inject('/metrics');
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    const families = parseExposition(res.body);
    const tongbu = [...families.keys()].filter((n) => n.startsWith('tongbu_'));
    expect(tongbu).toEqual(
      expect.arrayContaining([
        'tongbu_sync_runs_total',
        'tongbu_rows_written_total',
        'tongbu_sync_run_duration_seconds',
        'tongbu_api_errors_total',
        'tongbu_token_seconds_to_expiry',
        'tongbu_queue_depth',
        'tongbu_feishu_api_calls_total',
        'tongbu_last_success_timestamp_seconds',
      ]),
    );
    expect(families.get('tongbu_sync_run_duration_seconds')?.samples.some((s) => s.name.endsWith('_bucket'))).toBe(true);
  });

  it('the parser is strict: it refuses samples without a family, bad labels and bad values', () => {
    expect(() => parseExposition('x_total 1\n')).toThrow(/does not belong/);
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\nb 1\n')).toThrow(/does not belong/);
    expect(() => parseExposition('# TYPE a gauge\na 1\n')).toThrow(/HELP/);
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na{x=1} 1\n')).toThrow(/not quoted/);
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na one\n')).toThrow(/bad sample value/);
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na 1\na 2\n')).toThrow(/twice/);
    expect(() => parseExposition('# HELP a h\n# TYPE a gauge\na 1\n# HELP b h\n# TYPE b gauge\nb 1\na{x="1"} 1\n')).toThrow(/does not belong/);
    expect(parseExposition('# HELP a h\n# TYPE a gauge\na{x="q\\"uote",} 1.5e3\n').get('a')?.samples[0]).toEqual({ name: 'a', labels: { x: 'q"uote' }, value: 1500 });
  });

  it('docs/prometheus-rules.yml: every rule is complete and reads only metrics /metrics exports', async () => {
    const doc = parseYaml(await readFile(path.resolve('docs/prometheus-rules.yml'), 'utf8')) as { groups: { name: string; rules: Record<string, unknown>[] }[] };
    const exported = parseExposition((await app.inject('/metrics')).body);
    const sampleNames = new Set([...exported.values()].flatMap((f) => (f.type === 'histogram' ? [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`] : f.type === 'summary' ? [f.name, `${f.name}_sum`, `${f.name}_count`] : [f.name])));
    const rules = doc.groups.flatMap((g) => g.rules.map((r) => ({ ...r, group: g.name }) as Record<string, unknown> & { group: string }));
    expect(rules.length).toBeGreaterThanOrEqual(5);
    const alerts = new Set<string>();
    for (const rule of rules) {
      const what = `${rule.group}/${String(rule.alert)}`;
      for (const key of ['alert', 'expr', 'for', 'labels', 'annotations']) expect(rule, `${what} has ${key}`).toHaveProperty(key);
      expect(String(rule.for), what).toMatch(/^\d+[smhd]$/);
      expect((rule.labels as Record<string, string>).severity, what).toMatch(/^(warning|critical)$/);
      expect(Object.keys(rule.annotations as object), what).toEqual(expect.arrayContaining(['summary', 'description']));
      const names = metricNames(String(rule.expr));
      expect(names.length, `${what} reads a metric`).toBeGreaterThan(0);
      for (const name of names) expect(sampleNames.has(name), `${what}: ${name} is exported by /metrics`).toBe(true);
      alerts.add(String(rule.alert));
    }
    // The four faults the rules exist for.
    expect([...alerts]).toEqual(expect.arrayContaining(['TongbuStreamStale', 'TongbuSyncRunsFailing', 'TongbuTokenNearExpiry', 'TongbuQueueGrowing']));
    expect(metricNames('time() - max by (connector) (tongbu_x{a="b"}) > 2 * 3600 and deriv(tongbu_y[30m]) > 1e3')).toEqual(['tongbu_x', 'tongbu_y']);
  });
});
