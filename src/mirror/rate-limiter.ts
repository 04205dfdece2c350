// Keeps calls within the platform's per-second budget: no window of one second (plus 2 % for
// clock and network jitter) holds more than `perSecond` call starts. The platform counts calls
// per second per API (feishu.md §7); a burst above it costs a 429 and a wait of
// x-ogw-ratelimit-reset seconds, far more than waiting here.
//
// A sliding window: a timer that fires late costs only that one call's lateness instead of
// pushing every later call back. With `spacingMs`, starts are also at least that far apart on
// the reservation timeline (not on when timers really fired, so lateness still does not add
// up): writes to one base are paced evenly instead of arriving in a burst, because the platform
// answers 1254291 to a write arriving while another write to the same base is being processed.
export class RateLimiter {
  /** Start times (performance.now()) of the last `perSecond` calls, ascending. */
  private readonly starts: number[] = [];
  /** The last reserved start (the spacing counts from it). */
  private last = -Infinity;
  /** When the last call really started (after its timer fired). */
  private lastStarted = -Infinity;

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1000 * 1.02,
    private readonly spacingMs = 0,
  ) {}

  /** Even spacing that fills the budget exactly: windowMs / perSecond. */
  static evenly(perSecond: number, windowMs = 1000 * 1.02): RateLimiter {
    return new RateLimiter(perSecond, windowMs, windowMs / perSecond);
  }

  async take(): Promise<void> {
    const now = performance.now();
    const oldest = this.starts.length >= this.perSecond ? (this.starts[this.starts.length - this.perSecond] as number) : -Infinity;
    const at = Math.max(now, oldest + this.windowMs, this.last + this.spacingMs);
    // Reserve the slot before waiting, so concurrent callers queue behind each other.
    this.starts.push(at);
    this.last = at;
    if (this.starts.length > this.perSecond) this.starts.splice(0, this.starts.length - this.perSecond);
    if (at > now) await sleep(at - now);
    // A timer that fired late while the next one fires on time would send two writes together:
    // with spacing, two real starts are at least half a spacing apart.
    const gap = this.spacingMs / 2 - (performance.now() - this.lastStarted);
    if (gap > 0) await sleep(gap);
    // A late start: the call really starts now, and the window counts from here.
    const started = performance.now();
    this.lastStarted = Math.max(this.lastStarted, started);
    const i = this.starts.lastIndexOf(at);
    if (started > at && i >= 0) this.starts[i] = started;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
