import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashContent, writeProjectFile } from './files.js';
import { makeTempDir, waitFor } from '../testing/temp-dir.js';
import { ProjectWatcher, type FileChange } from './watcher.js';

let tmp: ReturnType<typeof makeTempDir>;
let watcher: ProjectWatcher | undefined;
let changes: FileChange[];

beforeEach(async () => {
  tmp = makeTempDir();
  mkdirSync(join(tmp.dir, 'in'));
  mkdirSync(join(tmp.dir, '.git'));
  writeFileSync(join(tmp.dir, 'in', 'a.yaml'), 'a: 1\n');
  changes = [];
  watcher = new ProjectWatcher(tmp.dir, (c) => changes.push(c), { debounceMs: 20 });
  await watcher.start();
});
afterEach(() => {
  watcher?.close();
  tmp.cleanup();
});

const seen = (path: string, kind: FileChange['kind']) => () => changes.some((c) => c.path === path && c.kind === kind);

describe('ProjectWatcher', () => {
  it('reports external changes, creations and deletions with the new hash', async () => {
    writeFileSync(join(tmp.dir, 'in', 'a.yaml'), 'a: 2\n');
    await waitFor(seen('in/a.yaml', 'changed'), 'the change event');
    expect(changes.find((c) => c.path === 'in/a.yaml')).toEqual({ path: 'in/a.yaml', kind: 'changed', hash: hashContent('a: 2\n') });

    writeFileSync(join(tmp.dir, 'in', 'b.yaml'), 'b: 1\n');
    await waitFor(seen('in/b.yaml', 'created'), 'the create event');

    rmSync(join(tmp.dir, 'in', 'b.yaml'));
    await waitFor(seen('in/b.yaml', 'deleted'), 'the delete event');
  });

  it('does not report our own writes, nor anything under .git', async () => {
    const { hash } = await writeProjectFile(tmp.dir, 'in/a.yaml', 'a: mine\n', undefined, (p, h) => watcher!.noteWrite(p, h));
    writeFileSync(join(tmp.dir, '.git', 'index'), 'x');
    // Events are debounced per path in arrival order: once this later external change is seen,
    // the earlier own write would have been reported already.
    writeFileSync(join(tmp.dir, 'in', 'later.yaml'), 'later\n');
    await waitFor(seen('in/later.yaml', 'created'), 'the later external change');
    expect(changes.filter((c) => c.path === 'in/a.yaml')).toEqual([]);
    expect(changes.filter((c) => c.path.startsWith('.git'))).toEqual([]);
    expect(changes.some((c) => c.path.endsWith('.choreo-tmp'))).toBe(false);
    expect(hash).toBe(hashContent('a: mine\n'));
  });
});
