// Logs for people and machines: one line per event on a terminal, JSON lines otherwise, and an
// error is always short (type, message, code, our context), never a dump of a client object.
import { describe, expect, it } from 'vitest';
import { TongbuError } from '../src/errors.js';
import { PlatformError } from '../src/engine/types.js';
import { createLogger, type LoggerOptions } from '../src/logger.js';
import { formatLine } from '../src/log/line-format.js';

function capture(level = 'info', opts: LoggerOptions = {}) {
  const lines: string[] = [];
  const log = createLogger(level, { ...opts, destination: { write: (s: string) => lines.push(s) } });
  return { log, lines, text: () => lines.join('') };
}

/** What pg attaches to an error from a pooled connection: the client, with its secrets. */
function pgLikeError(): Error {
  const e = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
    severity: 'FATAL',
    routine: 'ProcessInterrupts',
    client: {
      processID: 4242,
      secretKey: 987654321,
      password: 'hunter2',
      connectionParameters: { user: 'tongbu', password: 'hunter2', host: '127.0.0.1' },
      _queryQueue: Array.from({ length: 50 }, (_, i) => ({ text: `SELECT ${i}` })),
    },
  });
  Object.defineProperty(e.constructor, 'name', { value: 'Error' });
  return e;
}

describe('log format', () => {
  it('pretty: one line per event with time, level, message and the key figures', () => {
    const { log, lines } = capture('info', { format: 'pretty' });
    log.info({ run: 7, connector: 'douyin-life', account: '700001', inserted: 120, updated: 3, unchanged: 0, deleted: 0, pages: 16 }, 'sync run succeeded');
    log.warn({ mod: 'feishu', url: 'http://127.0.0.1:1/sandbox', note: 'two words' }, 'careful');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}sync run succeeded run=7 connector=douyin-life account=700001 inserted=120 updated=3 unchanged=0 deleted=0 pages=16\n$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d WARN {2}careful mod=feishu url=http:\/\/127\.0\.0\.1:1\/sandbox note="two words"\n$/);
    expect(lines.join('')).not.toContain('\u001b['); // no colours when not a terminal
  });

  it('pretty: an error is one line too, its stack only at debug', () => {
    const info = capture('info', { format: 'pretty' });
    info.log.error({ err: new TongbuError('DB_UNREACHABLE', 'postgres://u:***@h/db: refused') }, 'could not start');
    expect(info.lines).toHaveLength(1);
    expect(info.lines[0]).toMatch(/ERROR could not start err="TongbuError: PostgreSQL cannot be reached: [^"]*" err\.code=DB_UNREACHABLE err\.detail=/);
    expect(info.lines[0]?.split('\n')).toHaveLength(2); // one line and its newline
    const debug = capture('debug', { format: 'pretty' });
    debug.log.error({ err: new Error('boom') }, 'failed');
    expect(debug.text()).toMatch(/ERROR failed err="Error: boom"\n {4}Error: boom\n {8}at /);
  });

  it('json: one JSON object per line, when asked or when the output is not a terminal', () => {
    for (const opts of [{ format: 'json' }, { format: 'auto', isTTY: false }] as LoggerOptions[]) {
      const { log, lines } = capture('info', opts);
      log.info({ connector: 'xiaoe', inserted: 2 }, 'sync run succeeded');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 30, msg: 'sync run succeeded', connector: 'xiaoe', inserted: 2 });
    }
    const tty = capture('info', { format: 'auto', isTTY: true });
    tty.log.info('hello');
    expect(tty.lines[0]).toMatch(/^\S*\d\d:\d\d:\d\d\S* \S*INFO/);
  });

  it('pretty: a crash is one line, then its stack', () => {
    const { log, text } = capture('info', { format: 'pretty' });
    const e = new Error('boom');
    log.fatal({ err: e, stack: e.stack }, 'Tongbu crashed');
    expect(text()).toMatch(/^\d\d:\d\d:\d\d FATAL Tongbu crashed err="Error: boom"\n {4}Error: boom\n {8}at /);
  });

  it('formatLine passes through a line that is not JSON', () => {
    expect(formatLine('not json')).toBe('not json\n');
  });
});

describe('errors in logs', () => {
  it('an error carrying client internals is logged short, without secrets', () => {
    const { log, lines } = capture('info', { format: 'json' });
    log.error({ err: pgLikeError() }, 'job queue error');
    // Any other key holding an error is made short as well.
    log.warn({ error: pgLikeError(), connector: 'temu' }, 'other key');
    for (const line of lines) {
      expect(line.length).toBeLessThan(400);
      expect(line).not.toMatch(/processID|secretKey|hunter2|_queryQueue|connectionParameters|4242|987654321/);
    }
    expect(JSON.parse(lines[0] as string).err).toEqual({ type: 'Error', message: 'terminating connection due to administrator command', code: '57P01' });
    expect(JSON.parse(lines[1] as string)).toMatchObject({ connector: 'temu', error: { type: 'Error', code: '57P01' } });
  });

  it('keeps our own context: TongbuError fields, the platform class, the cause', () => {
    const { log, lines } = capture('info', { format: 'json' });
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', client: { secretKey: 1 } });
    log.error({ err: new TongbuError('DB_UNREACHABLE', 'postgres://tongbu:***@127.0.0.1:1/tongbu', { cause }) }, 'x');
    log.warn({ err: new PlatformError('rateLimited', 'too many requests', { code: 2100004, status: 200, retryAfterMs: 1000 }) }, 'y');
    const a = JSON.parse(lines[0] as string).err;
    expect(a).toMatchObject({ type: 'TongbuError', code: 'DB_UNREACHABLE', detail: 'postgres://tongbu:***@127.0.0.1:1/tongbu', action: expect.any(String) });
    expect(a.cause).toEqual({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:1', code: 'ECONNREFUSED' });
    expect(a.stack).toBeUndefined();
    expect(JSON.parse(lines[1] as string).err).toEqual({ type: 'PlatformError', message: 'too many requests', kind: 'rateLimited', info: { code: 2100004, status: 200, retryAfterMs: 1000 } });
  });

  it('hides a password in a connection string inside a message; stack only at debug', () => {
    const { log, lines } = capture('debug', { format: 'json' });
    log.error(new Error('cannot reach postgres://tongbu:hunter2@db:5432/tongbu'));
    const rec = JSON.parse(lines[0] as string);
    expect(rec.msg).toBe('cannot reach postgres://tongbu:hunter2@db:5432/tongbu'.replace('hunter2', '***'));
    expect(rec.err.message).toBe('cannot reach postgres://tongbu:***@db:5432/tongbu');
    expect(rec.err.stack).toMatch(/^Error: cannot reach postgres:\/\/tongbu:\*\*\*@/);
  });
});

describe('a lazy logger (read-only CLI commands)', () => {
  it('writes what its level lets through, children with their bindings, secrets redacted; below the level nothing', () => {
    const { log, lines } = capture('warn', { format: 'json', lazy: true });
    log.info('not written');
    log.debug({ x: 1 }, 'not written either');
    expect(lines).toEqual([]);
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.isLevelEnabled('error')).toBe(true);
    expect(log.level).toBe('warn');
    const child = log.child({ run: 7 }).child({ connector: 'xiaoe' });
    child.info('still not written');
    child.warn({ grant: { token: 'sekrit' } }, 'token expires soon');
    log.error({ code: 'X' }, 'failed');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 40, run: 7, connector: 'xiaoe', grant: { token: '[redacted]' }, msg: 'token expires soon' });
    expect(JSON.parse(lines[1] as string)).toMatchObject({ level: 50, code: 'X', msg: 'failed' });
    expect(lines.join('')).not.toContain('sekrit');
  });

  it('a level set later takes effect', () => {
    const { log, lines } = capture('warn', { format: 'json', lazy: true });
    log.level = 'info';
    log.info('now written');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['now written']);
  });
});
