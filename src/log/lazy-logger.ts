// A logger that builds the real one (pino) only when it is first asked to write a line its level
// lets through, or for anything beyond the level methods. A read-only CLI command (status, task,
// token status) logs nothing below `warn` in the normal case, and loading pino cost about 30 ms
// of it (docs/benchmarks.md). Children are lazy too, each built from its parent when it first
// writes. Everything else (level changes, flush, bindings) goes to the real logger.
import type { Logger } from 'pino';

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
const noop = () => undefined;

export function lazyLogger(level: string, make: () => Logger): Logger {
  let real: Logger | undefined;
  return wrap(() => (real ??= make()), level);
}

function wrap(getReal: () => Logger, initialLevel: string): Logger {
  let level = initialLevel;
  let built: Logger | undefined;
  const get = () => (built ??= getReal());
  return new Proxy({} as Logger, {
    get(_target, prop) {
      const threshold = LEVELS[level] ?? LEVELS.info;
      if (typeof prop === 'string' && prop in LEVELS && prop !== 'silent') return (LEVELS[prop] as number) < (threshold as number) ? noop : bound(get(), prop);
      if (prop === 'level') return built ? built.level : level;
      if (prop === 'isLevelEnabled') return (l: string) => (LEVELS[l] ?? Infinity) >= (threshold as number);
      if (prop === 'child') {
        return (bindings: Record<string, unknown>, opts?: { level?: string }) => wrap(() => get().child(bindings, opts), opts?.level ?? level);
      }
      return bound(get(), prop);
    },
    set(_target, prop, value) {
      if (prop === 'level') level = String(value);
      (get() as unknown as Record<string | symbol, unknown>)[prop] = value;
      return true;
    },
  });
}

function bound(target: Logger, prop: string | symbol): unknown {
  const v = (target as unknown as Record<string | symbol, unknown>)[prop];
  return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
}
