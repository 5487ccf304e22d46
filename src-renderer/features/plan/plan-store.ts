// The plan feature's state: the last plan of the editor's unsaved edits and of the staged files, which of
// the two the Plan panel shows, and the object whose diff is open there. Writes come from plan-controller.ts.
import { create } from 'zustand';
import type { PlanSource } from '../../../src-shared/ipc/channels/insight';
import { emptySlot, type PlanSlot } from './plan-model';

export interface PlanObjectDiff {
  planId: string;
  key: string;
  left: string;
  right: string;
  conditionLines: number[];
}

export interface PlanState {
  buffers: PlanSlot;
  staged: PlanSlot;
  /** The plan the panel shows. */
  shown: PlanSource;
  /** The object selected in the panel (its key), and its diff once loaded. */
  selected: string | null;
  diff: PlanObjectDiff | null;
  diffError: string | null;
}

export const initialPlanState: PlanState = { buffers: emptySlot, staged: emptySlot, shown: 'buffers', selected: null, diff: null, diffError: null };

export const usePlan = create<PlanState>()(() => ({ ...initialPlanState }));

export const patchPlan = (patch: Partial<PlanState>): void => usePlan.setState(patch);

export function patchSlot(source: PlanSource, patch: Partial<PlanSlot>): void {
  usePlan.setState((s) => ({ [source]: { ...s[source], ...patch } }) as Partial<PlanState>);
}
