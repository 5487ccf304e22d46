import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runOnceWithProject } from '../engine/index.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { SCAFFOLD_FILES, writeScaffold } from './scaffold.js';

const temps: { cleanup(): void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
function emptyFolder(): string {
  const t = makeTempDir('choreo-scaffold-');
  temps.push(t);
  return t.dir;
}

describe('writeScaffold', () => {
  it('writes a CRD, an input, a reconciler and a library that run green with run once', async () => {
    const root = emptyFolder();
    const written = await writeScaffold(root);
    expect(written.sort()).toEqual([
      'crds/example.com_websites.yaml',
      'in/example.com.websites.docs.yaml',
      'libs/example.com.urls.star',
      'reconcilers/example.com.websites.website.star',
      'reconcilers/example.com.websites.website.yaml',
    ]);
    const { result, project } = await runOnceWithProject(root, { persist: false });
    expect(result.success, result.message).toBe(true);
    const site = project.store.get({ group: 'example.com', version: 'v1alpha1', kind: 'Website' }, 'default', 'docs');
    expect(site.status.url).toBe('https://docs.example.com/');
    const ready = (site.status.conditions as { type: string; status: string }[]).find((c) => c.type === 'Ready');
    expect(ready?.status).toBe('True');
  });

  it('refuses, writing nothing, when one of its files exists', async () => {
    const root = emptyFolder();
    mkdirSync(join(root, 'libs'));
    writeFileSync(join(root, 'libs', 'example.com.urls.star'), 'mine = 1\n');
    await expect(writeScaffold(root)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('libs/example.com.urls.star already exists') });
    expect(readFileSync(join(root, 'libs', 'example.com.urls.star'), 'utf8')).toBe('mine = 1\n');
    expect(existsSync(join(root, SCAFFOLD_FILES[0]!.path))).toBe(false);
  });

  it('stays inside the project: a folder linked to the outside is refused', async () => {
    const root = emptyFolder();
    const outside = emptyFolder();
    symlinkSync(outside, join(root, 'crds'));
    await expect(writeScaffold(root)).rejects.toMatchObject({ code: 'path-escape' });
    expect(existsSync(join(outside, 'example.com_websites.yaml'))).toBe(false);
  });
});
