// What to do with an open buffer when its file changes on disk (watcher event, or a refused save).
// Pure, so every case is tested; the workspace carries out the decision.

export type DiskState = { kind: 'present'; content: string; hash: string } | { kind: 'deleted' };

export interface BufferSnapshot {
  dirty: boolean;
  savedHash: string;
  /** The editor's current text. */
  text: string;
}

export type DiskChangeAction =
  /** Nothing to do: the disk has what we last read or wrote (often our own save echoing back). */
  | 'none'
  /** The disk now has exactly the editor's text (e.g. the same edit made elsewhere): take its hash, mark clean. */
  | 'adopt'
  /** The buffer is clean: load the new content silently. */
  | 'reload'
  /** The buffer has unsaved edits that differ from the new content: ask the user. */
  | 'conflict'
  /** The file is gone: keep the buffer, mark it deleted (ask only if it had edits). */
  | 'deleted';

export function decideOnDiskChange(buffer: BufferSnapshot, disk: DiskState): DiskChangeAction {
  if (disk.kind === 'deleted') return 'deleted';
  if (disk.hash === buffer.savedHash) return 'none';
  if (disk.content === buffer.text) return 'adopt';
  return buffer.dirty ? 'conflict' : 'reload';
}
