// Pure path helpers behind the explorer's file operations: where a new entry goes, what a rename
// does to the paths of open tabs, and which names the host would refuse (checked early, as you type).

/** The folder part of a project path ('' for a top-level entry). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The folder a new entry goes into: the selected folder itself, or the folder of the selected file. */
export function targetFolder(selection: { path: string; kind: 'file' | 'dir' } | null): string {
  if (!selection || selection.path === '') return '';
  return selection.kind === 'dir' ? selection.path : parentOf(selection.path);
}

/** Whether `path` is `base` or inside it. */
export function isSameOrInside(path: string, base: string): boolean {
  return path === base || path.startsWith(base + '/');
}

/** `path` after `from` was renamed to `to` (unchanged when it is not `from` or inside it). */
export function rebasePath(path: string, from: string, to: string): string {
  return isSameOrInside(path, from) ? to + path.slice(from.length) : path;
}

/** Normalises what the user typed into a project path: trims, `\` to `/`, no leading `./` or `/`, no empty parts. */
export function normaliseTyped(typed: string): string {
  return typed
    .trim()
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/**
 * Why a typed path cannot be created or renamed to, or undefined when it looks fine. The host checks
 * again (confinement, existing entries); this gives the message while the user is still typing.
 */
export function invalidPathReason(typed: string, existing: ReadonlySet<string> = new Set(), except?: string): string | undefined {
  const path = normaliseTyped(typed);
  if (!path) return 'Type a name.';
  const parts = path.split('/');
  if (parts.includes('..')) return 'A name cannot be "..": entries stay inside the project.';
  if (parts[0] === '.git' || parts[0] === '.choreo') return `"${parts[0]}" is managed by ${parts[0] === '.git' ? 'git' : 'Choreo Studio'}.`;
  if (parts.some((p) => /[\0]/.test(p))) return 'A name cannot contain a NUL character.';
  if (path !== except && existing.has(path)) return `"${path}" already exists. Choose another name.`;
  return undefined;
}

/** Every path of a tree (files and folders), for the "already exists" check. */
export function allPaths(node: { path: string; children?: readonly { path: string; children?: unknown }[] } | null): Set<string> {
  const out = new Set<string>();
  const walk = (n: { path: string; children?: readonly unknown[] }) => {
    if (n.path) out.add(n.path);
    for (const c of (n.children ?? []) as { path: string; children?: readonly unknown[] }[]) walk(c);
  };
  if (node) walk(node as { path: string; children?: readonly unknown[] });
  return out;
}

/** What a rename does to the open tabs: each moved tab keeps its place; the active tab stays active. */
export function renamePlan(
  order: readonly string[],
  active: string | null,
  from: string,
  to: string,
): { moves: { from: string; to: string; index: number }[]; active: string | null } {
  const moves = order.flatMap((p, index) => (isSameOrInside(p, from) ? [{ from: p, to: rebasePath(p, from, to), index }] : []));
  return { moves, active: active === null ? null : rebasePath(active, from, to) };
}
