// Keeps several write calls in flight when one at a time cannot use the write budget. A call
// that takes longer than its slot of the budget (20.4 ms at 50 a second; rate-limiter.ts) makes
// a serial writer miss slots: latency, not the budget, would set the pace, and a real call
// crosses the internet. So the writer starts each call at its slot without waiting for the
// previous answer, with as many in flight as the calls' duration needs, up to maxInFlight.
//
// The platform answers 1254291 to a write arriving while another write to the base is being
// processed, so more in flight than needed only costs calls: the pipeline starts with one and
// adds one when calls take longer than the slots in flight cover (with half a slot to spare).
// A lone 1254291 is jitter: two calls that happened to arrive together; it costs one quick
// retry (api.ts) and changes nothing here. Conflicts close together halve the calls in flight
// and double the calm starts needed before widening again: when the platform itself is the
// bottleneck (calls are slow because it is busy), more in flight cannot help, and the
// pipeline settles near one instead of trying again and again.
//
// Order and exactly-once do not depend on answer order: within a pass an outbox entry, so a
// record key, is in one call only (a create, an update or a delete), a record's create and its
// update are never in one pass (the update is planned from the record id its create saved), and
// each create batch carries a client_token. Calls start in plan order.
//
// A failed task stops the pipeline: no further task starts, the tasks in flight finish (their
// outcome is saved or stays queued), then settle() throws the first failure.

/** Calls started without a new conflict before one more may be in flight (doubles per conflict). */
const CALM_STARTS_TO_WIDEN = 2;
/** A conflict within this many starts of the previous one narrows the pipeline. */
const CLOSE_CONFLICT_STARTS = 10;

export class WritePipeline {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  /** Calls allowed in flight now. */
  private limit = 1;
  /** Calls started since the last conflict or widening. */
  private calm = 0;
  /** Recent task duration (ms, moving average). */
  private taskMs = 0;
  private calmNeeded = CALM_STARTS_TO_WIDEN;
  /** Calls started since the last conflict. */
  private sinceConflict = CLOSE_CONFLICT_STARTS;

  constructor(
    private readonly maxInFlight: number,
    /** The pace of the budget: ms between call starts. */
    private readonly slotMs: number,
    /** The API's 1254291 count when last looked at. */
    private conflictsSeen = 0,
  ) {}

  get inFlight(): number {
    return this.running.size;
  }

  get allowed(): number {
    return this.limit;
  }

  /**
   * Adapt before a start, given the platform's count of 1254291 so far: a conflict within
   * CLOSE_CONFLICT_STARTS of the previous one halves the calls in flight and doubles the calm
   * starts needed to widen; after that many starts without one, one more is allowed when the
   * calls take longer than the slots of those in flight, less half a slot.
   */
  adapt(conflicts: number): void {
    this.sinceConflict += 1;
    if (conflicts > this.conflictsSeen) {
      this.conflictsSeen = conflicts;
      // A lone conflict is jitter (two calls that happened to arrive together) and costs one
      // quick retry; conflicts close together mean the platform is busy with each write.
      const close = this.sinceConflict < CLOSE_CONFLICT_STARTS;
      this.sinceConflict = 0;
      if (!close) return;
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.calm = 0;
      this.calmNeeded *= 2;
    } else if (++this.calm >= this.calmNeeded && this.limit < this.maxInFlight && this.taskMs > this.slotMs * (this.limit - 0.5)) {
      this.limit += 1;
      this.calm = 0;
    }
  }

  /** Start `task` as soon as fewer than the allowed calls run; resolves once it started. */
  async start(task: () => Promise<void>): Promise<void> {
    while (this.running.size >= this.limit && !this.failure) await Promise.race(this.running);
    if (this.failure) throw this.failure.error;
    const t0 = performance.now();
    const run: Promise<void> = task()
      .then(() => {
        const ms = performance.now() - t0;
        this.taskMs = this.taskMs ? 0.7 * this.taskMs + 0.3 * ms : ms;
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Wait for every task; throws the first failure. */
  async settle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
    if (this.failure) throw this.failure.error;
  }
}
