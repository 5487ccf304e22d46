// Watches the open project so that changes made by other programs (git, a terminal, another editor)
// reach the renderer as `file.changed` events. Our own writes are not reported: files.ts tells the
// watcher the hash it wrote, and an event whose content hash is already known is dropped.
import { watch, promises as fs, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { isTempName } from '../engine/index.js';
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

/** Platforms whose fs.watch watches a whole tree with one OS handle. */
const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

/** What the watcher knows about a path: a content hash, `null` when not hashed yet, or a folder. */
type Known = string | null | 'dir';

export class ProjectWatcher {
  private readonly known = new Map<string, Known>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** One watcher per folder on Linux (key: project path, '' for the root); one in total elsewhere. */
  private readonly watchers = new Map<string, FSWatcher>();
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

  /**
   * Records what exists now, then starts watching. macOS and Windows watch a tree natively
   * (`recursive: true`); on Linux node would emulate that with one inotify watch per folder of the
   * whole tree, node_modules and .git included, so there we watch each project folder ourselves and
   * skip the ignored ones.
   */
  async start(): Promise<void> {
    await this.scan(this.root, '');
    if (this.closed) return;
    if (NATIVE_RECURSIVE) {
      this.watchDir(this.root, '', true);
      return;
    }
    this.watchDir(this.root, '', false);
    for (const [path, known] of this.known) if (known === 'dir') this.watchDir(join(this.root, path), path, false);
  }

  private watchDir(abs: string, prefix: string, recursive: boolean): void {
    if (this.closed || this.watchers.has(prefix)) return;
    try {
      const watcher = watch(abs, { recursive }, (_type, filename) => {
        if (!filename) return;
        const rel = filename.toString().split(/[\\/]/).join('/');
        this.schedule(prefix ? `${prefix}/${rel}` : rel);
      });
      watcher.on('error', () => this.unwatchDir(prefix)); // the folder went away
      this.watchers.set(prefix, watcher);
    } catch (err) {
      // e.g. the inotify watch limit: the app still works, external changes just are not shown live.
      this.log(`cannot watch ${abs} for changes: ${(err as Error).message}`);
    }
  }

  private unwatchDir(prefix: string): void {
    for (const [path, watcher] of [...this.watchers]) {
      if (path === prefix || path.startsWith(prefix + '/')) {
        watcher.close();
        this.watchers.delete(path);
      }
    }
  }

  /** Our own write of `path` with content `hash`: the resulting file-system event is not reported. */
  noteWrite(path: string, hash: string): void {
    this.known.set(path, hash);
  }

  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
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
      if (before === 'dir') this.unwatchDir(path);
      this.onChange({ path, kind: 'deleted' });
      return;
    }
    if (stat.isDirectory()) {
      if (before === 'dir') return;
      this.known.set(path, 'dir');
      if (!NATIVE_RECURSIVE) this.watchDir(abs, path, false);
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
        if (!this.known.has(path)) {
          this.known.set(path, 'dir');
          // Found while running (a folder tree created at once): watch it too.
          if (onNew && !NATIVE_RECURSIVE) this.watchDir(join(dir, entry.name), path, false);
        }
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
  return segments.some((s) => SKIPPED_DIRS.has(s)) || isTempName(segments[segments.length - 1]);
}
