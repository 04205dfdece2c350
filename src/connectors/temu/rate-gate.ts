// Calls per second for one app key. The contract allows 20 per second per app_key, for every shop
// that uses the app, and answers 4000004 beyond; so every client of the same key in this process
// shares one gate that spaces call starts evenly at 95 % of the limit (latency jitter can bunch
// arrivals into one of the platform's seconds; the margin absorbs it). Across replicas the
// engine's shared budget (the amount follow-up's `rateLimit`) bounds the total as well.
import { sleep } from '../../engine/retry.js';

export interface RateGate {
  take(signal?: AbortSignal): Promise<void>;
}

const MARGIN = 0.95;
const gates = new Map<string, { perSecond: number; gate: RateGate }>();

export function spacingGate(perSecond: number): RateGate {
  const interval = 1000 / (perSecond * MARGIN);
  let next = 0;
  return {
    async take(signal) {
      // Sends are at least `interval` apart as they actually happen: a caller that wakes late (a
      // busy event loop) looks again instead of going out together with the others that overslept.
      for (;;) {
        const now = performance.now();
        // Timers fire on whole milliseconds: within 1 ms of the slot is on time. A wake-up late by
        // less than one interval keeps the schedule (the next slot follows this one, so the rate
        // does not drift down); later than that, the schedule restarts from now (no burst).
        if (now >= next - 1) {
          next = (now - next < interval ? next : now) + interval;
          return;
        }
        // Not woken by the run's signal: many calls wait at once, and a stop lets them finish their wait.
        await sleep(Math.ceil(next - now));
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      }
    },
  };
}

/** The gate of an app key in this process (one per key and limit). */
export function gateFor(key: string, perSecond: number): RateGate {
  const found = gates.get(key);
  if (found && found.perSecond === perSecond) return found.gate;
  const gate = spacingGate(perSecond);
  gates.set(key, { perSecond, gate });
  return gate;
}
