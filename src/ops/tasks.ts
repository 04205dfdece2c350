// PLACEHOLDER until the engine lands on main (the lead's file).
import { TongbuError } from '../errors.js';
import type { Services } from '../services.js';

export async function setTaskState(_services: Services, _name: string, _state: 'RUNNING' | 'STOPPED', _by: string): Promise<{ name: string; state: 'RUNNING' | 'STOPPED' }> {
  throw new TongbuError('NOT_AVAILABLE_YET', 'Task control');
}
