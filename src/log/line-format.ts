// One line per event for people at a terminal:
//   15:02:11 INFO  sync run succeeded connector=<name> inserted=120 updated=3 …
// pino writes JSON; this turns each JSON line into that shape. A stack (debug level only)
// follows on indented lines.

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\x1b[90m' },
  20: { name: 'DEBUG', color: '\x1b[36m' },
  30: { name: 'INFO', color: '\x1b[32m' },
  40: { name: 'WARN', color: '\x1b[33m' },
  50: { name: 'ERROR', color: '\x1b[31m' },
  60: { name: 'FATAL', color: '\x1b[35m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** Written by pino on every line, shown in another form or not at all. */
const OMIT = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

const two = (n: number) => String(n).padStart(2, '0');

function value(v: unknown): string {
  if (typeof v === 'string') return v !== '' && /^[^\s"=\\]+$/.test(v) ? v : JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => value(x)).join(',');
  return JSON.stringify(v);
}

function isSerializedError(v: unknown): v is { type: string; message: string } & Record<string, unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string' && typeof (v as { message?: unknown }).message === 'string';
}

/** `key=value` pairs; an error reads `err="Type: message" err.code=…`, other objects are flattened. */
function pairs(key: string, v: unknown, out: string[], stacks: string[]): void {
  if (isSerializedError(v)) {
    const { type, message, stack, ...rest } = v;
    out.push(`${key}=${value(message ? `${type}: ${message}` : type)}`);
    if (typeof stack === 'string') stacks.push(stack);
    for (const [k, x] of Object.entries(rest)) pairs(`${key}.${k}`, x, out, stacks);
    return;
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const entries = Object.entries(v);
    if (!entries.length) out.push(`${key}={}`);
    for (const [k, x] of entries) pairs(`${key}.${k}`, x, out, stacks);
    return;
  }
  if (v !== undefined) out.push(`${key}=${value(v)}`);
}

export function formatLine(json: string, opts: { colors?: boolean } = {}): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const t = new Date(typeof rec.time === 'number' ? rec.time : Date.now());
  const time = `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}`;
  const level = LEVELS[rec.level as number] ?? { name: String(rec.level), color: '' };
  const fields: string[] = [];
  const stacks: string[] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (k === 'stack' && typeof v === 'string') stacks.push(v); // a crash's stack, on the lines below
    else if (!OMIT.has(k)) pairs(k, v, fields, stacks);
  }
  const msg = typeof rec.msg === 'string' ? rec.msg : '';
  const head = opts.colors ? `${DIM}${time}${RESET} ${level.color}${level.name.padEnd(5)}${RESET}` : `${time} ${level.name.padEnd(5)}`;
  const rest = fields.length ? ` ${fields.join(' ')}` : '';
  const stackLines = stacks.map((s) => `\n${s.replace(/^/gm, '    ')}`).join('');
  return `${head} ${msg}${rest}${stackLines}\n`;
}
