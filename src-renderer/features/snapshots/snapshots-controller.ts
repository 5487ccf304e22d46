// The snapshot diff viewer's host calls: the object list of a diff between two snapshots, and one
// object's two sides; and showing a comparison (or the picker with its sides preset) from anywhere. The panel owns what it shows (filters, selection); this module owns the channels.
import type { Response } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';
import { useLayout } from '../../state/layout';
import { patchSnapshots } from '../run/engine-store';

/** Every object of both snapshots with its status (= ~ + -) and the counts. */
export function diffSnapshots(from: string, to: string): Promise<Response<'snapshots.diff'>> {
  return invoke('snapshots.diff', { from, to });
}

/** One object's YAML in both snapshots, bookkeeping fields hidden or not, with the changed condition lines. */
export function objectPair(from: string, to: string, key: string, hideNoise: boolean): Promise<Response<'snapshots.objectPair'>> {
  return invoke('snapshots.objectPair', { from, to, key, hideNoise });
}

/** Is this side a revision's or an environment's (so the diff goes through snapshots.compare)? */
export function isComparedSide(side: string | null | undefined): boolean {
  return !!side && (side.startsWith('rev:') || side.startsWith('env:'));
}

/** The side naming an environment: by name, readable in labels, or by id when the name holds a space (a side cannot). */
export function environmentSide(env: { id: string; name: string }): string {
  return `env:${/\s/.test(env.name) ? env.id : env.name}`;
}

/** The diff of any two sides: snapshots, `rev:X`, `env:X` (a revision not run yet runs in the host first). */
export function compareSides(from: string, to: string): Promise<Response<'snapshots.compare'>> {
  return invoke('snapshots.compare', { from, to });
}

export interface CompareChoices {
  /** Recent commits, newest first (none outside a repository). */
  revisions: { oid: string; summary: string; date: string }[];
  environments: Response<'snapshots.compareChoices'>['environments'];
  /** Why there are no revisions (not a repository), when there are none. */
  revisionsNote?: string;
}

/** What the compare picker offers: the recent commits (git.log) and the environments with what they serve. */
export async function compareChoices(): Promise<CompareChoices> {
  const [log, envs] = await Promise.allSettled([invoke('git.log', { limit: 30 }), invoke('snapshots.compareChoices', {})]);
  return {
    revisions: log.status === 'fulfilled' ? log.value.entries.map((e) => ({ oid: e.oid, summary: e.summary, date: e.date })) : [],
    environments: envs.status === 'fulfilled' ? envs.value.environments : [],
    ...(log.status === 'rejected' ? { revisionsNote: 'The project is not in a git repository: no revisions to compare.' } : {}),
  };
}

/** Shows the diff of two snapshots (older → newer) in the Snapshots panel, optionally with one object selected. */
export function compareSnapshots(from: string | null, to: string | null, focus: string | null = null): void {
  patchSnapshots({ from, to, focus, pick: null });
  showDiffPanel();
}

/** Opens the Snapshots panel's Compare… picker with these sides preset (snapshot ids, latest, rev:…, env:…), for the user to change one and compare. */
export function pickComparison(from: string, to: string): void {
  patchSnapshots({ pick: { from, to } });
  showDiffPanel();
}

/** The Snapshots panel, tall enough for a side-by-side diff (about half the window; never shrunk). */
function showDiffPanel(): void {
  const layout = useLayout.getState();
  layout.showPanel('snapshots');
  if (typeof window !== 'undefined') layout.ensurePanelHeight(Math.round(window.innerHeight * 0.45));
}
