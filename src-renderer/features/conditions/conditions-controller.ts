// The live condition view's host call: one object of the running store, with its condition history this
// session. The rows themselves stream in through the run feature (engine-controller, prod events).
import type { Response } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';

export function liveObject(key: string): Promise<Response<'prod.object'>> {
  return invoke('prod.object', { key });
}
