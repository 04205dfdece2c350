// Feishu allows 5 messages a second to one chat, shared by every bot in it (error 230020).
// Sends to the same chat wait their turn here so a burst (an alert storm, /sync progress
// updates) stays under the limit instead of bouncing off it.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PerChatLimiter {
  private stamps = new Map<string, number[]>();
  private queues = new Map<string, Promise<void>>();

  /** `limit` sends within any `windowMs`; the default leaves a margin under 5 per second. */
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 1100,
  ) {}

  /** Resolves when a send to `key` may go; callers send right after. */
  acquire(key: string): Promise<void> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const turn = prev.then(async () => {
      for (;;) {
        const now = Date.now();
        const recent = (this.stamps.get(key) ?? []).filter((t) => t > now - this.windowMs);
        if (recent.length < this.limit) {
          recent.push(now);
          this.stamps.set(key, recent);
          return;
        }
        await sleep((recent[0] as number) + this.windowMs - now + 1);
      }
    });
    this.queues.set(key, turn);
    void turn.then(() => {
      // Forget idle chats so the maps do not grow with every chat ever seen.
      if (this.queues.get(key) === turn) {
        this.queues.delete(key);
        setTimeout(() => {
          if (!this.queues.has(key)) this.stamps.delete(key);
        }, this.windowMs).unref();
      }
    });
    return turn;
  }
}
