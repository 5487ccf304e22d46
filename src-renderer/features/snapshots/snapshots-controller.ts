// The snapshot diff viewer's host calls: the object list of a diff between two snapshots, and one
// object's two sides. The panel owns what it shows (filters, selection); this module owns the channels.
import type { Response } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';

/** Every object of both snapshots with its status (= ~ + -) and the counts. */
export function diffSnapshots(from: string, to: string): Promise<Response<'snapshots.diff'>> {
  return invoke('snapshots.diff', { from, to });
}

/** One object's YAML in both snapshots, bookkeeping fields hidden or not, with the changed condition lines. */
export function objectPair(from: string, to: string, key: string, hideNoise: boolean): Promise<Response<'snapshots.objectPair'>> {
  return invoke('snapshots.objectPair', { from, to, key, hideNoise });
}
