// Test projects in temp folders: written from a table of files, or copied from an example (the upstream
// examples in ../shared/conformance, or the bundled examples/). Tests run the engine on these copies so
// nothing is ever written into ../shared or the repository. Each test file makes one `tempProjects()` and
// calls its `cleanup` from afterEach/afterAll.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHOREO_DIR } from '../../src-shared/project/choreo-dir.js';

export interface TempProjectOptions {
  /**
   * Put the project in a sub-folder with this name inside the new temp folder, for tests where the
   * project folder's own name shows up (messages, the name an example has upstream).
   */
  folder?: string;
  /** copyOf only: project-relative paths to leave out (e.g. `db` of an upstream project). */
  without?: string[];
}

export interface TempProjects {
  /** A new project holding `files` (project-relative path → text); parent folders are created. */
  withFiles(files: Record<string, string>, opts?: TempProjectOptions): string;
  /** A new copy of the project at `source`, without its `.choreo/` run state. */
  copyOf(source: string, opts?: TempProjectOptions): string;
  /** A new empty temp folder, removed with the projects (for what a test keeps beside them). */
  emptyDir(): string;
  /** Removes every temp folder made so far. */
  cleanup(): void;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The upstream examples, checked out next to the project (never copied into it: working agreement §6). */
export const sharedExamplesDir = path.resolve(repoRoot, '../shared/conformance/choreo-examples');
/** False when ../shared is not checked out; tests that need the examples skip with that reason. */
export const haveSharedExamples = existsSync(sharedExamplesDir);

/** The kubenet projects with the store Go wrote for them (../shared/conformance/kubenet, see SOURCES.md). */
export const sharedKubenetDir = path.resolve(repoRoot, '../shared/conformance/kubenet');
export const haveSharedKubenet = existsSync(sharedKubenetDir);

/** The folder of one upstream example, e.g. `sharedExample('greeting')`. */
export function sharedExample(name: string): string {
  return path.join(sharedExamplesDir, name);
}

/** The folder of one example bundled with the app (`examples/<name>` in the repository). */
export function bundledExample(name: string): string {
  return path.join(repoRoot, 'examples', name);
}

/** Writes `files` (project-relative path → text) under `dir`, creating parent folders. */
export function writeProjectFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** Temp projects whose folders start with `prefix` (it names the test in a leftover folder). */
export function tempProjects(prefix: string): TempProjects {
  const made: string[] = [];
  const newDir = (opts: TempProjectOptions | undefined): string => {
    const base = mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(base);
    return opts?.folder ? path.join(base, opts.folder) : base;
  };
  return {
    withFiles(files, opts) {
      const dir = newDir(opts);
      mkdirSync(dir, { recursive: true });
      writeProjectFiles(dir, files);
      return dir;
    },
    copyOf(source, opts) {
      const dir = newDir(opts);
      const without = new Set((opts?.without ?? []).map((p) => path.join(source, p)));
      // a copy starts fresh: the source's runs, snapshots and store stay behind
      cpSync(source, dir, { recursive: true, filter: (src) => path.basename(src) !== CHOREO_DIR && !without.has(src) });
      return dir;
    },
    emptyDir() {
      return newDir(undefined);
    },
    cleanup() {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}
