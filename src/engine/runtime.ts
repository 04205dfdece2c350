// A connector as this process runs it: its declaration, mode (live, sandbox, disabled), settings,
// context handed to its client, and schedules.
import type { ConnectorMode } from './connector-mode.js';
import type { ConnectorContext, ConnectorDeclaration, Partition, ScheduleDeclaration } from './types.js';

export interface ConnectorRuntime extends ConnectorMode {
  decl: ConnectorDeclaration;
  context: ConnectorContext;
  schedules: ScheduleDeclaration[];
}

/** The partitions a connector runs for now: its own list (shops in the database) or its accounts. */
export async function partitionsOf(rt: ConnectorRuntime): Promise<Partition[]> {
  if (rt.mode === 'disabled') return [];
  return rt.decl.partitions ? rt.decl.partitions(rt.context) : rt.accounts.map((id) => ({ id }));
}

/** The streams a schedule names, or undefined for every stream (the run key stays the old one). */
export function scheduleStreams(rt: ConnectorRuntime, s: ScheduleDeclaration): string[] | undefined {
  if (!s.streams) return undefined;
  const all = rt.decl.streams.map((st) => st.name);
  return s.streams.length === all.length && all.every((n) => s.streams?.includes(n)) ? undefined : s.streams;
}

