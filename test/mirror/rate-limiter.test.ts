// The write budget: never more than `perSecond` call starts in any window, and no waiting
// while the window has room. Fake timers make the clock exact.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../../src/mirror/rate-limiter.js';

describe('RateLimiter', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  /** Runs `n` serial calls through the limiter and returns their start times. */
  async function serialStarts(limiter: RateLimiter, n: number): Promise<number[]> {
    const starts: number[] = [];
    const run = (async () => {
      for (let i = 0; i < n; i++) {
        await limiter.take();
        starts.push(performance.now());
        await new Promise((r) => setTimeout(r, 3)); // the call itself
      }
    })();
    await vi.runAllTimersAsync();
    await run;
    return starts;
  }

  it('lets the first perSecond calls go without waiting, then holds each window to perSecond', async () => {
    const t0 = performance.now();
    const starts = await serialStarts(new RateLimiter(5, 1000), 12);
    expect(starts.slice(0, 5).map((s) => s - t0)).toEqual([0, 3, 6, 9, 12]);
    for (let i = 5; i < starts.length; i++) expect((starts[i] as number) - (starts[i - 5] as number)).toBeGreaterThanOrEqual(1000);
    // …and waits no longer than it must.
    expect((starts[5] as number) - t0).toBe(1000);
    expect((starts[10] as number) - t0).toBe(2000);
  });

  it('queues concurrent callers behind each other', async () => {
    const limiter = new RateLimiter(2, 1000);
    const t0 = performance.now();
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 5 }, () => limiter.take().then(() => starts.push(performance.now() - t0))));
    await vi.runAllTimersAsync();
    await all;
    expect(starts.sort((a, b) => a - b)).toEqual([0, 0, 1000, 1000, 2000]);
  });
});

describe('RateLimiter.evenly', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('spaces concurrent starts evenly over the window, and late timers do not push later starts back', async () => {
    const limiter = RateLimiter.evenly(5, 1000);
    const t0 = performance.now();
    const starts: number[] = [];
    const all = Promise.all(Array.from({ length: 11 }, () => limiter.take().then(() => starts.push(performance.now() - t0))));
    await vi.runAllTimersAsync();
    await all;
    expect(starts.sort((a, b) => a - b)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
  });
});
