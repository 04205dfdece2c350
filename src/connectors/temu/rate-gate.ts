// Calls per second for one app key. The contract allows 20 per second per app_key, for every shop
// that uses the app, and answers 4000004 beyond; so every client of the same key in this process
// shares one gate: at most 95 % of the limit in any 1000 ms window (latency jitter can bunch
// arrivals into one of the platform's seconds; the margin absorbs it). Across replicas the
// engine's shared budget (the amount follow-up's `rateLimit`) bounds the total as well.
import { sleep } from '../../engine/retry.js';

export interface RateGate {
  take(signal?: AbortSignal): Promise<void>;
}

const MARGIN = 0.95;
const gates = new Map<string, { perSecond: number; gate: RateGate }>();

export function spacingGate(perSecond: number): RateGate {
  // At most `budget` sends in any 1000 ms (so in any of the platform's seconds, whatever their
  // phase), and sends at least half an even spacing apart, so a busy moment (a late timer) is
  // made up for without a burst.
  const budget = Math.max(1, Math.floor(perSecond * MARGIN));
  const minGap = 500 / (perSecond * MARGIN);
  const sent: number[] = [];
  let last = -Infinity;
  return {
    async take(signal) {
      for (;;) {
        const now = performance.now();
        while (sent.length && now - (sent[0] as number) >= 1000) sent.shift();
        const waitWindow = sent.length >= budget ? (sent[0] as number) + 1000 - now : 0;
        const waitGap = last + minGap - now;
        const wait = Math.max(waitWindow, waitGap);
        if (wait <= 0) {
          sent.push(now);
          last = now;
          return;
        }
        // Not woken by the run's signal: many calls wait at once, and a stop lets them finish their wait.
        await sleep(Math.ceil(wait));
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
