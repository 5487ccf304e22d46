// What the browser-mode folder picker shows and does, without React: the rows of a listing under the
// filter (".." first, dot-folders only when asked), the highlight moved by keys, the folder "Open" takes,
// and whether the typed text is a path to go to rather than a filter.
import type { FolderEntry, FolderListing } from '../../../src-shared/ipc/channels/folder-browser';

/** A row of the picker: the way up, or a sub-folder. */
export type PickerRow = { kind: 'up'; path: string } | { kind: 'entry'; entry: FolderEntry };

/** Rows to show: ".." (unless at the root), then the entries matching `filter` — names starting with it first. */
export function pickerRows(listing: FolderListing | null, filter: string, showHidden: boolean): PickerRow[] {
  if (!listing) return [];
  const q = isPathInput(filter) ? '' : filter.trim().toLowerCase();
  const shown = listing.entries.filter((e) => (showHidden || !e.hidden || (q && e.name.toLowerCase().startsWith(q))) && e.name.toLowerCase().includes(q));
  const starts = shown.filter((e) => e.name.toLowerCase().startsWith(q));
  const rest = shown.filter((e) => !e.name.toLowerCase().startsWith(q));
  const rows: PickerRow[] = [...starts, ...rest].map((entry) => ({
    kind: 'entry',
    entry,
  }));
  return listing.parent && !q ? [{ kind: 'up', path: listing.parent }, ...rows] : rows;
}

/** Typed text that is a path to list (`/srv/x`, `C:\x`) rather than a filter of the names shown. */
export function isPathInput(text: string): boolean {
  return text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text);
}

/** The highlight after a navigation key; null when the key does not move it. */
export function moveHighlight(index: number, key: string, count: number, page = 10): number | null {
  if (!count) return null;
  const to = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'ArrowDown':
      return to(index + 1);
    case 'ArrowUp':
      return to(index - 1);
    case 'PageDown':
      return to(index + page);
    case 'PageUp':
      return to(index - page);
    default:
      return null;
  }
}

/** The folder "Open" takes: the highlighted sub-folder, else the folder listed. */
export function openTarget(listing: FolderListing | null, row: PickerRow | undefined): { path: string; name: string; kind: FolderEntry['kind'] } | null {
  if (row?.kind === 'entry') return { path: row.entry.path, name: row.entry.name, kind: row.entry.kind };
  if (!listing) return null;
  return {
    path: listing.path,
    name: baseName(listing.path),
    kind: listing.kind,
  };
}

/** The breadcrumb from the root down to the folder listed: each segment with the path it goes to. */
export function breadcrumb(listing: FolderListing): { label: string; path: string }[] {
  const crumbs = [{ label: listing.root, path: listing.root }];
  if (listing.path === listing.root) return crumbs;
  const sep = listing.root.includes('\\') && !listing.root.includes('/') ? '\\' : '/';
  const rest = listing.path.slice(listing.root.length).split(/[\\/]/).filter(Boolean);
  let at = listing.root;
  for (const seg of rest) {
    at = at.endsWith(sep) ? at + seg : at + sep + seg;
    crumbs.push({ label: seg, path: at });
  }
  return crumbs;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
