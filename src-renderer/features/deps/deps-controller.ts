// The owner tree's host calls. An empty snapshot id means "now": the live store while prod mode runs,
// else the latest snapshot (the host decides).
import type { Response } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';

export function ownerTree(snapshot: string): Promise<Response<'deps.tree'>> {
  return invoke('deps.tree', snapshot ? { snapshot } : {});
}

export function ownedObject(snapshot: string, key: string): Promise<Response<'deps.object'>> {
  return invoke('deps.object', snapshot ? { snapshot, key } : { key });
}
