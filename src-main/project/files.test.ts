import { mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileNode } from '../../src-shared/ipc/contract.js';
import { buildTree, hashContent, readProjectFile, writeProjectFile } from './files.js';
import { makeTempDir } from '../testing/temp-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
let root: string;
beforeEach(() => {
  tmp = makeTempDir();
  root = join(tmp.dir, 'proj');
  for (const d of ['crds', 'in', 'reconcilers', 'libs', 'refs', 'docs', '.git/objects', 'node_modules/x', '.choreo/db']) {
    mkdirSync(join(root, d), { recursive: true });
  }
  writeFileSync(join(root, 'crds', 'example.com_things.yaml'), 'kind: CustomResourceDefinition\n');
  writeFileSync(join(root, 'in', 'thing.yaml'), 'kind: Thing\n');
  writeFileSync(join(root, 'README.md'), '# proj\n');
  writeFileSync(join(root, 'in', '.thing.yaml.abc.choreo-tmp'), 'partial');
});
afterEach(() => tmp.cleanup());

function find(node: FileNode, path: string): FileNode | undefined {
  if (node.path === path) return node;
  for (const child of node.children ?? []) {
    const hit = find(child, path);
    if (hit) return hit;
  }
  return undefined;
}

describe('buildTree', () => {
  it('lists folders first, recognises Choreo folders and skips .git, node_modules, .choreo and temp files', async () => {
    symlinkSync(tmp.dir, join(root, 'escape'));
    const tree = await buildTree(root);
    expect(tree.kind).toBe('dir');
    expect(tree.path).toBe('');
    expect(tree.children?.map((c) => c.name)).toEqual(['crds', 'docs', 'in', 'libs', 'reconcilers', 'refs', 'README.md']);
    expect(find(tree, 'crds')?.role).toBe('crds');
    expect(find(tree, 'crds/example.com_things.yaml')).toMatchObject({ kind: 'file', role: 'crds' });
    expect(find(tree, 'in/thing.yaml')?.role).toBe('in');
    expect(find(tree, 'docs')?.role).toBe('other');
    expect(find(tree, 'README.md')?.role).toBe('other');
    expect(find(tree, 'in')?.children?.map((c) => c.name)).toEqual(['thing.yaml']);
    expect(find(tree, 'escape')).toBeUndefined();
  });

  it('gives roles by the folders the engine reads: an earlier project\'s apis/, and the folders given to server start', async () => {
    renameSync(join(root, 'crds'), join(root, 'apis'));
    let tree = await buildTree(root);
    expect(find(tree, 'apis')?.role).toBe('crds');
    expect(find(tree, 'apis/example.com_things.yaml')?.role).toBe('crds');
    mkdirSync(join(root, 'docs', 'data'));
    writeFileSync(join(root, 'docs', 'data', 'x.yaml'), 'kind: X\n');
    tree = await buildTree(root, { input: 'docs/data', apis: 'docs' });
    expect(find(tree, 'apis')?.role).toBe('other');
    expect(find(tree, 'in')?.role).toBe('other');
    expect(find(tree, 'docs')?.role).toBe('crds');
    expect(find(tree, 'docs/data')?.role).toBe('in');
    expect(find(tree, 'docs/data/x.yaml')?.role).toBe('in');
  });
});

describe('readProjectFile / writeProjectFile', () => {
  it('reads content with its sha-256', async () => {
    const file = await readProjectFile(root, 'in/thing.yaml');
    expect(file).toEqual({ path: 'in/thing.yaml', content: 'kind: Thing\n', hash: hashContent('kind: Thing\n') });
  });

  it('reports a missing file as not-found and refuses escaping paths', async () => {
    await expect(readProjectFile(root, 'in/missing.yaml')).rejects.toMatchObject({ code: 'not-found', where: 'in/missing.yaml' });
    await expect(readProjectFile(root, '../x')).rejects.toMatchObject({ code: 'path-escape' });
    await expect(writeProjectFile(root, '/tmp/x', 'x')).rejects.toMatchObject({ code: 'path-escape' });
  });

  it('writes atomically with the expected hash and reports our own write', async () => {
    const { hash } = await readProjectFile(root, 'in/thing.yaml');
    const written: string[] = [];
    const result = await writeProjectFile(root, 'in/thing.yaml', 'kind: Thing\nspec: {}\n', hash, (p, h) => written.push(`${p} ${h}`));
    expect(result.hash).toBe(hashContent('kind: Thing\nspec: {}\n'));
    expect(readFileSync(join(root, 'in', 'thing.yaml'), 'utf8')).toBe('kind: Thing\nspec: {}\n');
    expect(written).toEqual([`in/thing.yaml ${result.hash}`]);
    expect(readdirSync(join(root, 'in')).filter((n) => !n.startsWith('.'))).toEqual(['thing.yaml']);
  });

  it('refuses to overwrite a file that changed on disk (conflict) and leaves it untouched', async () => {
    const { hash } = await readProjectFile(root, 'in/thing.yaml');
    writeFileSync(join(root, 'in', 'thing.yaml'), 'changed by someone else\n');
    await expect(writeProjectFile(root, 'in/thing.yaml', 'mine', hash)).rejects.toMatchObject({ code: 'conflict', where: 'in/thing.yaml' });
    expect(readFileSync(join(root, 'in', 'thing.yaml'), 'utf8')).toBe('changed by someone else\n');
  });

  it('creates new files and their folders without a hash, and treats a deleted file as a conflict', async () => {
    await writeProjectFile(root, 'libs/new/helpers.star', 'def f():\n  return 1\n');
    expect(readFileSync(join(root, 'libs', 'new', 'helpers.star'), 'utf8')).toContain('def f');
    await expect(writeProjectFile(root, 'in/gone.yaml', 'x', hashContent('x'))).rejects.toMatchObject({ code: 'conflict' });
  });
});
