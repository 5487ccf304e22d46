// The folder browser lists sub-folders below its root only: symbolic links out of the root, `..`, the
// app data folder and paths outside are refused or left out; projects and git work trees are marked.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FOLDER_ENTRIES } from '../../src-shared/ipc/channels/folder-browser.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { ProjectError } from './errors.js';
import { listFolders } from './folder-browser.js';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
let appDataDir: string;

beforeEach(() => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'home');
  appDataDir = join(root, '.config', 'choreo-studio');
  for (const d of [
    'projects/kubenet/apis',
    'projects/kubenet/reconcilers',
    'projects/greeting/crds',
    'projects/greeting/in',
    'projects/repo/.git',
    'projects/item10',
    'projects/item9',
    'projects/Alpha',
    '.cache',
    '.config/choreo-studio/secrets',
  ]) {
    mkdirSync(join(root, d), { recursive: true });
  }
  writeFileSync(join(root, 'projects', 'notes.txt'), 'not a folder');
  mkdirSync(join(tmp.dir, 'outside', 'secret'), { recursive: true });
});
afterEach(() => tmp.cleanup());

const list = (path?: string) => listFolders({ root, appDataDir }, path);

async function refusal(path: string): Promise<ProjectError> {
  const err = await list(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProjectError);
  return err as ProjectError;
}

describe('listFolders', () => {
  it('lists the root by default, folders only, sorted by name with numbers in order, dot-folders marked', async () => {
    const l = await list();
    expect(l).toMatchObject({
      root,
      path: root,
      parent: null,
      kind: 'folder',
      truncated: false,
    });
    expect(l.entries.map((e) => [e.name, e.hidden])).toEqual([
      ['.cache', true],
      ['.config', true],
      ['projects', false],
    ]);
    const p = await list(join(root, 'projects'));
    expect(p.parent).toBe(root);
    expect(p.entries.map((e) => e.name)).toEqual(['Alpha', 'greeting', 'item9', 'item10', 'kubenet', 'repo']);
  });

  it('marks Choreo projects (crds/ or apis/ with in/ or reconcilers/) and git work trees', async () => {
    const p = await list(join(root, 'projects'));
    const kind = Object.fromEntries(p.entries.map((e) => [e.name, e.kind]));
    expect(kind).toMatchObject({
      kubenet: 'choreo',
      greeting: 'choreo',
      repo: 'git',
      Alpha: 'folder',
    });
    expect((await list(join(root, 'projects', 'kubenet'))).kind).toBe('choreo');
    expect(p.entries.find((e) => e.name === 'greeting')!.path).toBe(join(root, 'projects', 'greeting'));
  });

  it('refuses a path outside the root, also through ..', async () => {
    for (const path of [join(tmp.dir, 'outside'), '/', join(root, 'projects', '..', '..', 'outside')]) {
      const err = await refusal(path);
      expect(err.code).toBe('path-escape');
      expect(err.message).toContain('outside the folders this server lets you browse');
      expect(err.message).toContain('--browse-root');
    }
    // `..` that stays inside is fine.
    expect((await list(join(root, 'projects', 'kubenet', '..'))).path).toBe(join(root, 'projects'));
  });

  it('does not follow a symbolic link out of the root, neither in a listing nor when asked directly', async () => {
    symlinkSync(join(tmp.dir, 'outside'), join(root, 'projects', 'escape'));
    symlinkSync(join(root, 'projects', 'greeting'), join(root, 'projects', 'greeting-link'));
    const p = await list(join(root, 'projects'));
    expect(p.entries.map((e) => e.name)).not.toContain('escape');
    // A link that stays inside is listed under its name, with the real path to open.
    expect(p.entries.find((e) => e.name === 'greeting-link')).toMatchObject({
      path: join(root, 'projects', 'greeting'),
      kind: 'choreo',
    });
    expect((await refusal(join(root, 'projects', 'escape'))).code).toBe('path-escape');
    expect((await refusal(join(root, 'projects', 'escape', 'secret'))).code).toBe('path-escape');
  });

  it('never lists the app data folder (secrets and their key), even inside the root', async () => {
    const config = await list(join(root, '.config'));
    expect(config.entries.map((e) => e.name)).toEqual([]);
    const err = await refusal(appDataDir);
    expect(err.code).toBe('path-escape');
    expect(err.message).toContain("app's data folder");
    expect((await refusal(join(appDataDir, 'secrets'))).code).toBe('path-escape');
  });

  it('says not-found for a missing folder and for a file', async () => {
    const missing = await refusal(join(root, 'nope'));
    expect(missing).toMatchObject({
      code: 'not-found',
      where: join(root, 'nope'),
    });
    expect(missing.message).toContain('does not exist');
    const file = await refusal(join(root, 'projects', 'notes.txt'));
    expect(file.code).toBe('not-found');
    expect(file.message).toContain('is a file, not a folder');
  });

  it('says so when the root itself cannot be used', async () => {
    const err = await listFolders({
      root: join(tmp.dir, 'no-home'),
      appDataDir,
    }).then(
      () => null,
      (e: unknown) => e as ProjectError,
    );
    expect(err).toMatchObject({ code: 'unavailable' });
    expect(err!.message).toContain('--browse-root');
  });

  it('cuts a huge folder at MAX_FOLDER_ENTRIES and says so', async () => {
    const big = join(root, 'big');
    for (let i = 0; i < MAX_FOLDER_ENTRIES + 5; i++) mkdirSync(join(big, `d${i}`), { recursive: true });
    const l = await list(big);
    expect(l.entries).toHaveLength(MAX_FOLDER_ENTRIES);
    expect(l.truncated).toBe(true);
    expect(l.entries[0]!.name).toBe('d0');
  }, 60_000);
});
