// PLACEHOLDER until the engine lands on main (the lead's file): the signatures the chat
// commands are written against. Replaced by the real module on merge.
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';

export interface RunView {
  id: number;
  connector: string;
  account: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'aborted';
  slicesDone: number;
  slicesTotal: number;
  inserted: number;
  updated: number;
  unchanged: number;
  errorCode?: string;
  errorMessage?: string;
  errorAction?: string;
  startedAt: string;
  finishedAt?: string;
}

export interface SyncRequest {
  connector: string;
  /** 'YYYY-MM-DD' or 'YYYY-MM-DD..YYYY-MM-DD' */
  range?: string;
  force?: boolean;
  trigger: 'chat' | 'cli' | 'api' | 'retry';
  requestedBy?: string;
}

export interface SyncRequested {
  runKey: string;
  connector: string;
  title: string;
  from: string;
  to: string;
  alreadyRunning: boolean;
}

export async function requestSync(_services: Services, _req: SyncRequest): Promise<SyncRequested> {
  throw new TongbuError('NOT_AVAILABLE_YET', 'Sync');
}

export async function getRunByKey(_services: Services, _runKey: string): Promise<RunView | undefined> {
  throw new TongbuError('NOT_AVAILABLE_YET', 'Sync');
}
