// The recent-projects list shown on the start screen, persisted in the app data folder.
import { basename, join } from 'node:path';
import { RecentProject } from '../../src-shared/ipc/contract.js';
import { readJsonFile, writeJsonFile } from './settings.js';

export const MAX_RECENT = 12;

export class RecentProjects {
  private readonly file: string;

  constructor(appDataDir: string) {
    this.file = join(appDataDir, 'recent-projects.json');
  }

  /** Most recent first; entries that fail validation (hand-edited file) are dropped. */
  async list(): Promise<RecentProject[]> {
    const raw = await readJsonFile<unknown>(this.file, []);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry) => {
      const parsed = RecentProject.safeParse(entry);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Moves `root` to the top of the list (added when new) and saves the list atomically. */
  async add(root: string, now: Date = new Date()): Promise<RecentProject[]> {
    const entry: RecentProject = { root, name: basename(root) || root, openedAt: now.toISOString() };
    const next = [entry, ...(await this.list()).filter((r) => r.root !== root)].slice(0, MAX_RECENT);
    await writeJsonFile(this.file, next);
    return next;
  }
}
