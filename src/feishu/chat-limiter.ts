// Feishu allows 5 messages a second to one chat, shared by every bot in it (error 230020).
// Sends to the same chat wait their turn here so a burst (an alert storm, /sync progress
// updates) stays under the limit instead of bouncing off it. A send occupies its slot until
// its answer arrives and for a window after that: Feishu counts arrivals, and a request can
// arrive late (token fetch, slow connection), so counting from the start is not enough.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PerChatLimiter {
  /** Per chat: when each recent send finished (Infinity while in flight). */
  private stamps = new Map<string, number[]>();
  private queues = new Map<string, Promise<void>>();

  /** `limit` sends within any `windowMs`; the default leaves a margin under 5 per second. */
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 1050,
  ) {}

  /** Resolves when a send to `key` may go, with a `done()` to call once its answer arrived. */
  acquire(key: string): Promise<() => void> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const turn = prev.then(async () => {
      for (;;) {
        const now = Date.now();
        const recent = (this.stamps.get(key) ?? []).filter((t) => t > now - this.windowMs);
        if (recent.length < this.limit) {
          recent.push(Infinity);
          this.stamps.set(key, recent);
          return;
        }
        const oldest = Math.min(...recent);
        await sleep(Number.isFinite(oldest) ? oldest + this.windowMs - now + 1 : 20);
      }
    });
    this.queues.set(key, turn);
    void turn.then(() => {
      if (this.queues.get(key) === turn) this.queues.delete(key);
    });
    return turn.then(() => {
      let finished = false;
      return () => {
        if (finished) return;
        finished = true;
        // In-flight markers are interchangeable: turn one of them into this send's end time.
        const list = this.stamps.get(key);
        const i = list ? list.indexOf(Infinity) : -1;
        if (list && i >= 0) list[i] = Date.now();
        setTimeout(() => {
          const l = this.stamps.get(key);
          if (l && !this.queues.has(key) && l.every((t) => t <= Date.now() - this.windowMs)) this.stamps.delete(key);
        }, this.windowMs + 10).unref();
      };
    });
  }
}
