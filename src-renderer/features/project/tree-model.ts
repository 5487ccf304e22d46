// The project's file tree as pure helpers (the explorer, search, quick open and the status bar use them):
// which top-level folders are Choreo folders, how many files each holds, the order entries are shown in,
// and the flat list of visible rows the tree renders.
import type { FileNode } from '../../../src-shared/ipc/contract';

export type ChoreoRole = FileNode['role'];

export interface RoleInfo {
  label: string;
  /** What the folder holds, shown as a tooltip. */
  description: string;
  /** A short glyph shown before the folder name. */
  icon: string;
}

/** The Choreo folders in the order a project reads them (ui.md's EXPLORER). */
export const CHOREO_FOLDERS = ['crds', 'in', 'reconcilers', 'libs', 'refs'] as const;

export const roleInfo: Record<ChoreoRole, RoleInfo> = {
  crds: { label: 'crds', description: 'APIs: CustomResourceDefinitions that register kinds and their schemas', icon: '◆' },
  in: { label: 'in', description: 'Input data: the resources a run starts from', icon: '▤' },
  reconcilers: { label: 'reconcilers', description: 'Business logic: reconcilers (Starlark or templates) that derive resources', icon: 'ƒ' },
  libs: { label: 'libs', description: 'Starlark libraries shared by reconcilers', icon: '❏' },
  refs: { label: 'refs', description: 'Upstream packages, pinned to a commit', icon: '⇲' },
  other: { label: '', description: '', icon: '' },
};

/** Entries the explorer never shows: tool state and dependency folders. */
const HIDDEN = new Set(['.git', '.choreo', 'node_modules', '.DS_Store']);

export function isHidden(name: string): boolean {
  return HIDDEN.has(name);
}

/**
 * The Choreo role of a top-level entry. The host gives each node the role of the project folder it is in,
 * by the folders the engine reads (an earlier project's `apis/` has the role `crds`), so names are not
 * matched here.
 */
export function topLevelRole(node: FileNode): ChoreoRole {
  return node.kind === 'dir' ? node.role : 'other';
}

/** Number of files (not folders) under a node, hidden entries excluded. */
export function countFiles(node: FileNode): number {
  if (node.kind === 'file') return 1;
  let n = 0;
  for (const c of node.children ?? []) if (!isHidden(c.name)) n += countFiles(c);
  return n;
}

/** Files per Choreo folder; a folder that does not exist counts 0. */
export function roleCounts(root: FileNode | null): Record<Exclude<ChoreoRole, 'other'>, number> {
  const counts = { crds: 0, in: 0, reconcilers: 0, libs: 0, refs: 0 };
  for (const c of root?.children ?? []) {
    const role = topLevelRole(c);
    if (role !== 'other') counts[role] += countFiles(c);
  }
  return counts;
}

/** Folders first; at the root, the Choreo folders first and in their canonical order; then by name. */
export function sortChildren(nodes: FileNode[], atRoot: boolean): FileNode[] {
  const rank = (n: FileNode) => {
    if (atRoot && n.kind === 'dir') {
      const i = (CHOREO_FOLDERS as readonly string[]).indexOf(n.role);
      if (i >= 0) return i;
    }
    return n.kind === 'dir' ? 10 : 20;
  };
  return nodes
    .filter((n) => !isHidden(n.name))
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

export interface TreeRow {
  node: FileNode;
  depth: number;
  /** Choreo role of a top-level Choreo folder (for the icon and count); `other` elsewhere. */
  role: ChoreoRole;
  expanded: boolean;
  /** A Choreo folder the project does not have (shown greyed with 0, so newcomers see the layout). */
  ghost?: boolean;
}

/**
 * The rows currently visible, depth-first, given the set of expanded folder paths. With `ghosts`,
 * missing Choreo folders appear as empty placeholder rows in their usual place.
 */
export function visibleRows(root: FileNode | null, expanded: ReadonlySet<string>, opts: { ghosts?: boolean } = {}): TreeRow[] {
  const rows: TreeRow[] = [];
  const ghosts = new Set<FileNode>();
  let top = root?.children ?? [];
  if (opts.ghosts && root) {
    const present = new Set(top.map(topLevelRole));
    const missing = CHOREO_FOLDERS.filter((f) => !present.has(f)).map((m): FileNode => ({ name: m, path: m, kind: 'dir', role: m, children: [] }));
    missing.forEach((m) => ghosts.add(m));
    top = [...top, ...missing];
  }
  const walk = (nodes: FileNode[], depth: number, atRoot: boolean) => {
    for (const n of sortChildren(nodes, atRoot)) {
      const ghost = ghosts.has(n);
      const isOpen = n.kind === 'dir' && !ghost && expanded.has(n.path);
      const role = atRoot ? topLevelRole(n) : 'other';
      rows.push(ghost ? { node: n, depth, role, expanded: false, ghost } : { node: n, depth, role, expanded: isOpen });
      if (isOpen) walk(n.children ?? [], depth + 1, false);
    }
  };
  walk(top, 0, true);
  return rows;
}

/** The folders to expand when a project opens: the Choreo folders that exist and are not empty. */
export function defaultExpanded(root: FileNode | null): Set<string> {
  const out = new Set<string>();
  for (const c of root?.children ?? []) {
    const role = topLevelRole(c);
    if (role !== 'other' && role !== 'refs' && countFiles(c) > 0) out.add(c.path);
  }
  return out;
}

/** Every file path in the tree (for quick open and for noticing deleted buffers). */
export function allFiles(root: FileNode | null): string[] {
  const out: string[] = [];
  const walk = (n: FileNode) => {
    if (isHidden(n.name)) return;
    if (n.kind === 'file') out.push(n.path);
    else for (const c of n.children ?? []) walk(c);
  };
  for (const c of root?.children ?? []) walk(c);
  return out;
}

/** A glyph for a file by its extension. */
export function fileIcon(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'yaml' || ext === 'yml') return 'Y';
  if (ext === 'star' || ext === 'bzl') return '★';
  if (ext === 'json') return '{}';
  if (ext === 'md') return 'M';
  if (ext === 'jinja' || ext === 'j2' || ext === 'tpl' || ext === 'tmpl') return '⟨⟩';
  return '·';
}

/** The folder paths above a file path: 'a/b/c.yaml' → ['a', 'a/b']. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
