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
      const now = performance.now();
      const at = Math.max(now, next);
      next = at + interval;
      // Not woken by the run's signal: many calls wait at once, and a stop lets them finish their wait.
      if (at > now) await sleep(at - now);
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
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
