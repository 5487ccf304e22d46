import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectError } from './errors.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { createDir, createFile, deleteEntry, listTrash, renameEntry, restoreEntry } from './file-ops.js';
import { hashContent } from './files.js';
import { CHOREO_PATHS } from '../../src-shared/project/choreo-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
let outside: string;

beforeEach(() => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'project');
  outside = join(tmp.dir, 'outside');
  mkdirSync(join(root, 'in', 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  writeFileSync(join(root, 'in', 'a.yaml'), 'a: 1\n');
  writeFileSync(join(root, 'in', 'sub', 'b.yaml'), 'b: 2\n');
});
afterEach(() => tmp.cleanup());

async function failure(p: Promise<unknown>): Promise<ProjectError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ProjectError);
    return err as ProjectError;
  }
  throw new Error('the operation did not fail');
}

const read = (p: string) => readFileSync(join(root, p), 'utf8');
const exists = (p: string) => existsSync(join(root, p));

describe('createFile / createDir', () => {
  it('creates a file with content and missing parents, and returns its hash', async () => {
    const res = await createFile(root, 'libs/new/util.star', 'x = 1\n');
    expect(res).toEqual({ path: 'libs/new/util.star', hash: hashContent('x = 1\n') });
    expect(read('libs/new/util.star')).toBe('x = 1\n');
    // no temp file left behind
    expect(readdirSync(join(root, 'libs', 'new'))).toEqual(['util.star']);
  });

  it('refuses to overwrite an existing file or folder (conflict), leaving it untouched', async () => {
    const err = await failure(createFile(root, 'in/a.yaml', 'overwritten'));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('already exists');
    expect(read('in/a.yaml')).toBe('a: 1\n');
    expect((await failure(createFile(root, 'in/sub', ''))).code).toBe('conflict');
    expect((await failure(createDir(root, 'in/sub'))).code).toBe('conflict');
    expect((await failure(createDir(root, 'in/a.yaml'))).code).toBe('conflict');
  });

  it('creates folders', async () => {
    expect(await createDir(root, 'crds/v1')).toEqual({ path: 'crds/v1' });
    expect(exists('crds/v1')).toBe(true);
  });

  it('refuses paths outside the project, through links, and in .git/.choreo', async () => {
    symlinkSync(outside, join(root, 'link-out'));
    expect((await failure(createFile(root, '../x.txt'))).code).toBe('path-escape');
    expect((await failure(createFile(root, '/tmp/x.txt'))).code).toBe('path-escape');
    expect((await failure(createFile(root, 'link-out/x.txt'))).code).toBe('path-escape');
    expect(existsSync(join(outside, 'x.txt'))).toBe(false);
    expect((await failure(createFile(root, '.git/config'))).code).toBe('path-escape');
    expect((await failure(createDir(root, '.choreo/trash/x'))).code).toBe('invalid-request');
    expect((await failure(createDir(root, '.'))).code).toBe('invalid-request');
  });
});

describe('renameEntry', () => {
  it('renames and moves files and folders, creating parents', async () => {
    expect(await renameEntry(root, 'in/a.yaml', 'in/c.yaml')).toEqual({ from: 'in/a.yaml', to: 'in/c.yaml', kind: 'file' });
    expect(read('in/c.yaml')).toBe('a: 1\n');
    expect(exists('in/a.yaml')).toBe(false);
    expect(await renameEntry(root, 'in/sub', 'libs/moved')).toEqual({ from: 'in/sub', to: 'libs/moved', kind: 'dir' });
    expect(read('libs/moved/b.yaml')).toBe('b: 2\n');
  });

  it('refuses to overwrite the target', async () => {
    writeFileSync(join(root, 'in', 'c.yaml'), 'c');
    const err = await failure(renameEntry(root, 'in/a.yaml', 'in/c.yaml'));
    expect(err.code).toBe('conflict');
    expect(err.where).toBe('in/c.yaml');
    expect(read('in/a.yaml')).toBe('a: 1\n');
    expect(read('in/c.yaml')).toBe('c');
    expect((await failure(renameEntry(root, 'in/a.yaml', 'in/sub'))).code).toBe('conflict');
  });

  it('refuses a missing source and a folder moved into itself', async () => {
    expect((await failure(renameEntry(root, 'in/nope.yaml', 'in/x.yaml'))).code).toBe('not-found');
    expect((await failure(renameEntry(root, 'in', 'in/sub/in'))).code).toBe('invalid-request');
  });

  it('refuses to move anything out of the project, or a link that leads outside', async () => {
    symlinkSync(outside, join(root, 'link-out'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'in', 'secret.yaml'));
    expect((await failure(renameEntry(root, 'in/a.yaml', '../stolen.yaml'))).code).toBe('path-escape');
    expect((await failure(renameEntry(root, 'in/a.yaml', 'link-out/stolen.yaml'))).code).toBe('path-escape');
    expect((await failure(renameEntry(root, 'link-out/secret.txt', 'in/secret.txt'))).code).toBe('path-escape');
    expect((await failure(renameEntry(root, 'in/secret.yaml', 'in/other.yaml'))).code).toBe('path-escape');
    expect(readdirSync(outside)).toEqual(['secret.txt']);
    expect(read('in/a.yaml')).toBe('a: 1\n');
  });

  it('renames a link that stays inside the project as a link (the target keeps its name)', async () => {
    symlinkSync(join(root, 'in', 'a.yaml'), join(root, 'in', 'alias.yaml'));
    await renameEntry(root, 'in/alias.yaml', 'in/alias2.yaml');
    expect(exists('in/a.yaml')).toBe(true);
    expect(read('in/alias2.yaml')).toBe('a: 1\n');
  });
});

describe('deleteEntry / restoreEntry', () => {
  it('moves a file to .choreo/trash/<id>/ and restores it byte for byte', async () => {
    const entry = await deleteEntry(root, 'in/a.yaml', new Date('2026-01-02T03:04:05.678Z'));
    expect(entry).toMatchObject({ path: 'in/a.yaml', kind: 'file', deletedAt: '2026-01-02T03:04:05.678Z' });
    expect(entry.id).toMatch(/^2026-01-02T03-04-05-678Z-[0-9a-f]{6}$/);
    expect(exists('in/a.yaml')).toBe(false);
    expect(read(`${CHOREO_PATHS.trash}/${entry.id}/files/in/a.yaml`)).toBe('a: 1\n');
    expect(await listTrash(root)).toEqual([entry]);

    expect(await restoreEntry(root, entry.id)).toEqual({ path: 'in/a.yaml', kind: 'file' });
    expect(read('in/a.yaml')).toBe('a: 1\n');
    expect(exists(`${CHOREO_PATHS.trash}/${entry.id}`)).toBe(false);
    expect(await listTrash(root)).toEqual([]);
  });

  it('deletes and restores whole folders, recreating missing parents', async () => {
    const entry = await deleteEntry(root, 'in/sub');
    expect(entry.kind).toBe('dir');
    await deleteEntry(root, 'in');
    expect(exists('in')).toBe(false);
    await restoreEntry(root, entry.id);
    expect(read('in/sub/b.yaml')).toBe('b: 2\n');
  });

  it('never overwrites on restore; restores to another path on request', async () => {
    const entry = await deleteEntry(root, 'in/a.yaml');
    writeFileSync(join(root, 'in', 'a.yaml'), 'new');
    const err = await failure(restoreEntry(root, entry.id));
    expect(err.code).toBe('conflict');
    expect(read('in/a.yaml')).toBe('new');
    expect(await restoreEntry(root, entry.id, 'in/a (restored).yaml')).toEqual({ path: 'in/a (restored).yaml', kind: 'file' });
    expect(read('in/a (restored).yaml')).toBe('a: 1\n');
  });

  it('keeps two deletes of the same path apart, newest first in the list', async () => {
    const first = await deleteEntry(root, 'in/a.yaml', new Date('2026-01-01T00:00:00Z'));
    writeFileSync(join(root, 'in', 'a.yaml'), 'second');
    const second = await deleteEntry(root, 'in/a.yaml', new Date('2026-01-01T00:00:01Z'));
    expect((await listTrash(root)).map((e) => e.id)).toEqual([second.id, first.id]);
    await restoreEntry(root, first.id);
    expect(read('in/a.yaml')).toBe('a: 1\n');
  });

  it('refuses missing paths, unknown or malformed ids, and links that lead outside', async () => {
    expect((await failure(deleteEntry(root, 'in/nope.yaml'))).code).toBe('not-found');
    expect((await failure(restoreEntry(root, 'no-such-id'))).code).toBe('not-found');
    expect((await failure(restoreEntry(root, '../../etc'))).code).toBe('invalid-request');
    symlinkSync(outside, join(root, 'link-out'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'in', 'secret.yaml'));
    expect((await failure(deleteEntry(root, 'link-out'))).code).toBe('path-escape');
    expect((await failure(deleteEntry(root, 'link-out/secret.txt'))).code).toBe('path-escape');
    expect((await failure(deleteEntry(root, 'in/secret.yaml'))).code).toBe('path-escape');
    expect((await failure(deleteEntry(root, '..'))).code).toBe('path-escape');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('secret');
    const entry = await deleteEntry(root, 'in/a.yaml');
    expect((await failure(restoreEntry(root, entry.id, '../a.yaml'))).code).toBe('path-escape');
    expect((await failure(restoreEntry(root, entry.id, 'link-out/a.yaml'))).code).toBe('path-escape');
    expect(readdirSync(outside)).toEqual(['secret.txt']);
  });
});
