// What one drain pass did, and the crash points tests inject into it.

export interface DrainReport {
  created: number;
  updated: number;
  deleted: number;
  /** Entries whose mirrored fields did not change (no API call). */
  unchanged: number;
  /** Batches replayed after a crash. */
  replayed: number;
  failed: number;
  parked: number;
  /** True when another replica holds a base's writer lock. */
  locked: boolean;
  /** Mappings skipped with the reason (source missing, field type mismatch, …). */
  skipped: { mapping: string; reason: string }[];
  /** Set while the monthly API quota is used up: no calls are made before this time. */
  pausedUntil?: Date;
}

export const emptyReport = (): DrainReport => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, replayed: 0, failed: 0, parked: 0, locked: false, skipped: [] });

export type CrashPoint = 'beforeCall' | 'afterCall' | 'afterSave';

/** Thrown by an injected crash (tests): the pass stops dead at that point. */
export class SimulatedCrash extends Error {
  constructor(at: CrashPoint, batch: number) {
    super(`simulated crash ${at} of batch ${batch}`);
    this.name = 'SimulatedCrash';
  }
}
