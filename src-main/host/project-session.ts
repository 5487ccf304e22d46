// The open project of one host: its root, its watcher, and the recent-projects bookkeeping.
// One host has at most one project open; opening another closes the first.
import { existsSync, promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { EventName, EventPayload, ProjectInfo } from '../../src-shared/ipc/contract.js';
import { ensureChoreoDir } from '../engine/index.js';
import { forbiddenProjectFolder } from '../project/folder-rules.js';
import { RecentProjects } from '../project/recent.js';
import { ProjectWatcher } from '../project/watcher.js';
import { HostError } from './handlers.js';
import type { Logger } from './log.js';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class ProjectSession {
  private info: ProjectInfo | null = null;
  private watcher: ProjectWatcher | undefined;
  readonly recent: RecentProjects;

  constructor(
    private readonly appDataDir: string,
    private readonly emit: Emit,
    private readonly log: Logger,
    private readonly options: { watch: boolean; watchDebounceMs?: number } = { watch: true },
  ) {
    this.recent = new RecentProjects(appDataDir);
  }

  current(): ProjectInfo | null {
    return this.info;
  }

  /** Absolute real path of the open project; `no-project` when none is open. */
  root(): string {
    if (!this.info) throw new HostError('no-project', 'No project is open. Open a folder first (File › Open Folder…).');
    return this.info.root;
  }

  /** Opens `dir` (absolute, `~/…`, or relative to the host's working folder). */
  async open(dir: string): Promise<ProjectInfo> {
    const wanted = resolve(dir.startsWith('~/') || dir === '~' ? join(homedir(), dir.slice(1)) : dir);
    let root: string;
    try {
      root = await fs.realpath(wanted);
    } catch {
      throw new HostError('not-found', `Folder "${wanted}" does not exist. Check the path and try again.`, wanted);
    }
    if (!(await fs.stat(root)).isDirectory()) {
      throw new HostError('invalid-request', `"${wanted}" is a file; open the folder that contains it.`, wanted);
    }
    const why = await forbiddenProjectFolder(root, this.appDataDir);
    if (why) throw new HostError('invalid-request', `"${wanted}" cannot be opened as a project: ${why}. Open the folder of a Choreo project instead.`, wanted);
    this.close();
    // A .choreo/ written by an older version gets its .gitignore (nothing is created in a plain folder).
    await ensureChoreoDir(root, { create: false });
    const info: ProjectInfo = { root, name: basename(root) || root, isGitRepo: insideGitRepo(root) };
    this.info = info;
    if (this.options.watch) {
      const watcher = new ProjectWatcher(root, (change) => this.emit('file.changed', change), {
        debounceMs: this.options.watchDebounceMs,
        log: (m) => this.log.error(m),
      });
      this.watcher = watcher;
      await watcher.start();
    }
    try {
      await this.recent.add(root);
    } catch (err) {
      // A read-only app data folder must not stop the project from opening.
      this.log.error(`cannot update the recent projects list: ${(err as Error).message}`);
    }
    this.log.info(`opened project ${root}`);
    this.emit('project.opened', info);
    return info;
  }

  /** Tells the watcher about our own write so it is not reported back as an external change. */
  noteWrite(path: string, hash: string): void {
    this.watcher?.noteWrite(path, hash);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.info = null;
  }
}

/** Choreo projects usually live inside a repository (spec/engine.md §1.2), not always at its root. */
function insideGitRepo(root: string): boolean {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return true;
    if (dirname(dir) === dir) return false;
  }
}
