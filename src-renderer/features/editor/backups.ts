// Unsaved edits survive a crash or a reload (ui.md: "Never lose work"). Dirty buffers are copied to
// local storage, per project; when the project opens again, those files reopen with the edits.
// Pure decisions here; the workspace does the I/O.

export interface Backup {
  /** Hash of the disk content the edits were made on. */
  baseHash: string;
  content: string;
  savedAt: string;
}

export type BackupMap = Record<string, Backup>;

export type BackupAction =
  /** The backup equals the disk: nothing to restore. */
  | 'discard'
  /** The disk is what the edits were based on: restore them as unsaved edits. */
  | 'restore'
  /** The disk changed since: restore the edits, but flag the buffer as differing from disk. */
  | 'restore-conflict';

export function backupAction(backup: Backup, disk: { content: string; hash: string }): BackupAction {
  if (backup.content === disk.content) return 'discard';
  return backup.baseHash === disk.hash ? 'restore' : 'restore-conflict';
}

export function backupKey(projectRoot: string): string {
  return `choreo.backups:${projectRoot}`;
}

/** Reads the stored map, dropping malformed entries (a hand-edited or truncated value must not block opening). */
export function parseBackups(text: string | null): BackupMap {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: BackupMap = {};
  for (const [path, v] of Object.entries(raw as Record<string, unknown>)) {
    const b = v as Partial<Backup> | null;
    if (b && typeof b.baseHash === 'string' && typeof b.content === 'string' && typeof b.savedAt === 'string') {
      out[path] = { baseHash: b.baseHash, content: b.content, savedAt: b.savedAt };
    }
  }
  return out;
}

export interface BackupStore {
  get(root: string): BackupMap;
  put(root: string, path: string, backup: Backup): void;
  remove(root: string, path: string): void;
}

/** A BackupStore over a Storage (localStorage in the app, a Map-backed fake in tests). */
export function storageBackups(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): BackupStore {
  const get = (root: string) => parseBackups(storage.getItem(backupKey(root)));
  const save = (root: string, map: BackupMap) => {
    if (Object.keys(map).length) storage.setItem(backupKey(root), JSON.stringify(map));
    else storage.removeItem(backupKey(root));
  };
  return {
    get,
    put(root, path, backup) {
      try {
        save(root, { ...get(root), [path]: backup });
      } catch {
        // Storage full or unavailable: keep working; the edits are still in the editor.
      }
    },
    remove(root, path) {
      const map = get(root);
      if (!(path in map)) return;
      delete map[path];
      save(root, map);
    },
  };
}
