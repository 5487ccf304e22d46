// Watches the open project so that changes made by other programs (git, a terminal, another editor)
// reach the renderer as `file.changed` events. Our own writes are not reported: files.ts tells the
// watcher the hash it wrote, and an event whose content hash is already known is dropped.
import { watch, promises as fs, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { isTempFile } from './atomic-write.js';
import { hashContent, SKIPPED_DIRS } from './files.js';

export interface FileChange {
  path: string;
  kind: 'created' | 'changed' | 'deleted';
  /** sha-256 of the new content (files only; absent for folders and deletions). */
  hash?: string;
}

export interface WatcherOptions {
  /** Quiet time per path before an event is reported; editors save in bursts. */
  debounceMs?: number;
  log?: (message: string) => void;
}

/** What the watcher knows about a path: a content hash, `null` when not hashed yet, or a folder. */
type Known = string | null | 'dir';

export class ProjectWatcher {
  private readonly known = new Map<string, Known>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private watcher: FSWatcher | undefined;
  private closed = false;
  private readonly debounceMs: number;
  private readonly log: (message: string) => void;

  constructor(
    private readonly root: string,
    private readonly onChange: (change: FileChange) => void,
    options: WatcherOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 75;
    this.log = options.log ?? (() => {});
  }

  /** Records what exists now, then starts watching (recursively; node ≥ 20 supports it on Linux). */
  async start(): Promise<void> {
    await this.scan(this.root, '');
    if (this.closed) return;
    try {
      this.watcher = watch(this.root, { recursive: true }, (_type, filename) => {
        if (filename) this.schedule(filename.toString().split(/[\\/]/).join('/'));
      });
      this.watcher.on('error', (err) => this.log(`file watcher stopped: ${err.message}`));
    } catch (err) {
      // e.g. the inotify watch limit: the app still works, external changes just are not shown live.
      this.log(`cannot watch ${this.root} for changes: ${(err as Error).message}`);
    }
  }

  /** Our own write of `path` with content `hash`: the resulting file-system event is not reported. */
  noteWrite(path: string, hash: string): void {
    this.known.set(path, hash);
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(path: string): void {
    if (this.closed || ignored(path)) return;
    clearTimeout(this.timers.get(path));
    this.timers.set(
      path,
      setTimeout(() => {
        this.timers.delete(path);
        this.settle(path).catch((err) => this.log(`watcher: ${path}: ${(err as Error).message}`));
      }, this.debounceMs),
    );
  }

  /** Compares the path's current state with what we knew and reports the difference, if any. */
  private async settle(path: string): Promise<void> {
    const abs = join(this.root, path);
    let stat;
    try {
      stat = await fs.lstat(abs);
    } catch {
      stat = undefined;
    }
    if (this.closed) return;
    const before = this.known.get(path);
    if (!stat) {
      if (before === undefined) return; // created and removed again before we looked (temp files)
      for (const key of [...this.known.keys()]) if (key.startsWith(path + '/')) this.known.delete(key);
      this.known.delete(path);
      this.onChange({ path, kind: 'deleted' });
      return;
    }
    if (stat.isDirectory()) {
      if (before === 'dir') return;
      this.known.set(path, 'dir');
      this.onChange({ path, kind: 'created' });
      // Files created together with their folder may have no event of their own.
      await this.scan(abs, path, (child) => this.schedule(child));
      return;
    }
    if (!stat.isFile() && !stat.isSymbolicLink()) return;
    let hash: string;
    try {
      hash = hashContent(await fs.readFile(abs));
    } catch {
      return; // vanished or unreadable between lstat and read; a later event will tell
    }
    if (this.closed || before === hash) return;
    this.known.set(path, hash);
    this.onChange({ path, kind: before === undefined ? 'created' : 'changed', hash });
  }

  private async scan(dir: string, prefix: string, onNew?: (path: string) => void): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (ignored(path)) continue;
      if (entry.isDirectory()) {
        if (!this.known.has(path)) this.known.set(path, 'dir');
        await this.scan(join(dir, entry.name), path, onNew);
      } else if (!this.known.has(path)) {
        if (onNew) onNew(path);
        else this.known.set(path, null);
      }
    }
  }
}

function ignored(path: string): boolean {
  const segments = path.split('/');
  return segments.some((s) => SKIPPED_DIRS.has(s)) || isTempFile(segments[segments.length - 1]);
}
