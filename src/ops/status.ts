// PLACEHOLDER until the engine lands on main (the lead's file).
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';
import type { RunView } from './sync.js';

export interface ConnectorStatus {
  name: string;
  title: string;
  mode: 'live' | 'sandbox' | 'disabled';
  accounts: string[];
  lastRun?: RunView;
  nextRunAt?: string;
  task: { state: 'RUNNING' | 'STOPPED'; heartbeatAt?: string; lastStatus?: string; lastError?: string };
}

export async function getStatus(_services: Services): Promise<{ connectors: ConnectorStatus[] }> {
  throw new TongbuError('NOT_AVAILABLE_YET', 'Status');
}
