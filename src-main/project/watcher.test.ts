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

  it('follows folders created and removed while it runs', async () => {
    mkdirSync(join(tmp.dir, 'in', 'sub', 'deeper'), { recursive: true });
    writeFileSync(join(tmp.dir, 'in', 'sub', 'deeper', 'x.yaml'), 'x: 1\n');
    await waitFor(seen('in/sub/deeper/x.yaml', 'created'), 'the file in the new folder');
    // A later change inside proves the new folder itself is watched.
    writeFileSync(join(tmp.dir, 'in', 'sub', 'deeper', 'x.yaml'), 'x: 2\n');
    await waitFor(seen('in/sub/deeper/x.yaml', 'changed'), 'the change in the new folder');
    rmSync(join(tmp.dir, 'in', 'sub'), { recursive: true });
    await waitFor(seen('in/sub', 'deleted'), 'the folder deletion');
  });

  it('ignores node_modules and .choreo entirely', async () => {
    mkdirSync(join(tmp.dir, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(tmp.dir, '.choreo', 'db'), { recursive: true });
    writeFileSync(join(tmp.dir, 'node_modules', 'pkg', 'index.js'), '1');
    writeFileSync(join(tmp.dir, '.choreo', 'db', 'store.json'), '{}');
    writeFileSync(join(tmp.dir, 'marker.txt'), 'm');
    await waitFor(seen('marker.txt', 'created'), 'the marker file');
    expect(changes.filter((c) => c.path.startsWith('node_modules') || c.path.startsWith('.choreo'))).toEqual([]);
  });
});
