// Keeps calls within the platform's per-second budget: no window of one second (plus 2 % for
// clock and network jitter) holds more than `perSecond` call starts. The platform counts calls
// per second per API (feishu.md §7); a burst above it costs a 429 and a wait of
// x-ogw-ratelimit-reset seconds, far more than waiting here.
//
// A sliding window rather than even spacing: a pass that has only a few calls makes them at
// once, a long pass settles at exactly `perSecond`, and a timer that fires late costs only
// that one call's lateness instead of pushing every later call back.
export class RateLimiter {
  /** Start times (performance.now()) of the last `perSecond` calls, ascending. */
  private readonly starts: number[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly windowMs = 1000 * 1.02,
  ) {}

  async take(): Promise<void> {
    const now = performance.now();
    const oldest = this.starts.length >= this.perSecond ? (this.starts[this.starts.length - this.perSecond] as number) : -Infinity;
    const at = Math.max(now, oldest + this.windowMs);
    // Reserve the slot before waiting, so concurrent callers queue behind each other.
    this.starts.push(at);
    if (this.starts.length > this.perSecond) this.starts.splice(0, this.starts.length - this.perSecond);
    if (at <= now) return;
    await new Promise((r) => setTimeout(r, at - now));
    // A timer that fired late: the call really starts now, and later calls count from here.
    const started = performance.now();
    const i = this.starts.lastIndexOf(at);
    if (started > at && i >= 0) this.starts[i] = started;
  }
}
