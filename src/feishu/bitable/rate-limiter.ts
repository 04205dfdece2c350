// Spaces calls so that no one-second window holds more than `perSecond` of them: each call
// starts at least 1000/perSecond ms (plus 2 % for clock and network jitter) after the one
// before. The platform counts calls per second per API (feishu.md §7), and a burst above it
// costs a 429 and a wait of x-ogw-ratelimit-reset seconds, far more than the spacing.
export class RateLimiter {
  private next = 0;
  private readonly gapMs: number;

  constructor(perSecond: number) {
    this.gapMs = (1000 / perSecond) * 1.02;
  }

  async take(): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, this.next);
    this.next = at + this.gapMs;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
    // A timer that fired late must not let the next call catch up early.
    const started = performance.now();
    if (started > at) this.next = Math.max(this.next, started + this.gapMs);
  }
}
