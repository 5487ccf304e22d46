// The recent-projects list shown on the start screen, persisted in the app data folder.
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RecentProject } from '../../src-shared/ipc/contract.js';
import { readJsonFile, writeJsonFile } from './settings.js';

export const MAX_RECENT = 12;

export class RecentProjects {
  private readonly file: string;

  constructor(appDataDir: string) {
    this.file = join(appDataDir, 'recent-projects.json');
  }

  /** Most recent first, each marked `missing` when its folder is no longer there. */
  async list(): Promise<RecentProject[]> {
    const stored = await this.stored();
    const present = await Promise.all(stored.map((r) => stat(r.root).then((st) => st.isDirectory(), () => false)));
    return stored.map((r, i) => (present[i] ? r : { ...r, missing: true }));
  }

  /** Moves `root` to the top of the list (added when new) and saves the list atomically. */
  async add(root: string, now: Date = new Date()): Promise<RecentProject[]> {
    const entry: RecentProject = { root, name: basename(root) || root, openedAt: now.toISOString() };
    await this.save([entry, ...(await this.stored()).filter((r) => r.root !== root)].slice(0, MAX_RECENT));
    return this.list();
  }

  /** Drops `root` from the list (a no-op when it is not there); the folder itself is not touched. */
  async remove(root: string): Promise<RecentProject[]> {
    const stored = await this.stored();
    const next = stored.filter((r) => r.root !== root);
    if (next.length !== stored.length) await this.save(next);
    return this.list();
  }

  /** The saved entries; entries that fail validation (hand-edited file) are dropped. */
  private async stored(): Promise<RecentProject[]> {
    const raw = await readJsonFile<unknown>(this.file, []);
    if (!Array.isArray(raw)) return [];
    return raw.flatMap((entry) => {
      const parsed = RecentProject.safeParse(entry);
      // `missing` is worked out on each list, never trusted from the file
      return parsed.success ? [{ root: parsed.data.root, name: parsed.data.name, openedAt: parsed.data.openedAt }] : [];
    });
  }

  private save(entries: RecentProject[]): Promise<void> {
    return writeJsonFile(this.file, entries);
  }
}
