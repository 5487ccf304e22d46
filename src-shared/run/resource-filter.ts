// The Resources view's filter, shared by the host's data worker (which filters a huge snapshot before
// sending it) and the renderer (which filters as you type when it holds every row), so both agree.
import type { ResourceRow } from '../ipc/channels/engine.js';

export interface ResourceFilter {
  /** '' or undefined: every kind. */
  kind?: string;
  /** Case-insensitive, in kind, namespace, name, owner (`Kind/name`) and the Ready reason. */
  text?: string;
  /** Only objects added, modified or deleted since the previous run. */
  changedOnly?: boolean;
}

export function isResourceFilterEmpty(f: ResourceFilter): boolean {
  return !f.kind && !f.text?.trim() && !f.changedOnly;
}

export function matchesResource(r: ResourceRow, f: ResourceFilter): boolean {
  if (f.kind && r.kind !== f.kind) return false;
  if (f.changedOnly && r.change === 'unchanged') return false;
  const q = f.text?.trim().toLowerCase();
  if (!q) return true;
  return `${r.kind} ${r.namespace} ${r.name} ${r.owner ? `${r.owner.kind}/${r.owner.name}` : ''} ${r.readyReason}`.toLowerCase().includes(q);
}
