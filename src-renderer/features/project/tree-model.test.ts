import { describe, expect, it } from 'vitest';
import type { FileNode } from '../../../src-shared/ipc/contract';
import { allFiles, ancestorPaths, countFiles, defaultExpanded, roleCounts, sortChildren, visibleRows, type ChoreoRole } from './tree-model';

// The host gives each node the role of the project folder it is in (project/files.ts); here the default folders.
const roleForPath = (path: string): ChoreoRole => {
  const first = path.split('/')[0]!;
  return ['crds', 'in', 'reconcilers', 'libs', 'refs'].includes(first) ? (first as ChoreoRole) : 'other';
};

const f = (path: string): FileNode => ({ name: path.split('/').pop()!, path, kind: 'file', role: roleForPath(path) });
const d = (path: string, children: FileNode[]): FileNode => ({
  name: path.split('/').pop()!,
  path,
  kind: 'dir',
  role: roleForPath(path),
  children,
});

const tree: FileNode = {
  name: 'hello',
  path: '',
  kind: 'dir',
  role: 'other',
  children: [
    f('README.md'),
    d('reconcilers', [f('reconcilers/hello.star'), d('reconcilers/sub', [f('reconcilers/sub/x.yaml')])]),
    d('.choreo', [f('.choreo/db/x')]),
    d('in', [f('in/a.yaml'), f('in/b.yaml')]),
    d('docs', [f('docs/z.md')]),
    d('crds', [f('crds/hello.yaml')]),
    d('refs', []),
  ],
};

describe('explorer tree model', () => {
  it('takes the roles the host gave: an earlier project\'s apis/ is its crds folder, and no crds ghost is shown', () => {
    const apis: FileNode = { name: 'apis', path: 'apis', kind: 'dir', role: 'crds', children: [{ name: 'a.yaml', path: 'apis/a.yaml', kind: 'file', role: 'crds' }] };
    const inputs: FileNode = { name: 'in', path: 'in', kind: 'dir', role: 'other', children: [f('in/x.yaml')] }; // --input data: in/ is an ordinary folder
    const data: FileNode = { name: 'data', path: 'data', kind: 'dir', role: 'in', children: [] };
    const old: FileNode = { name: 'p', path: '', kind: 'dir', role: 'other', children: [f('README.md'), inputs, data, apis] };
    expect(roleCounts(old)).toEqual({ crds: 1, in: 0, reconcilers: 0, libs: 0, refs: 0 });
    expect(visibleRows(old, new Set(), { ghosts: true }).map((r) => `${r.node.name}:${r.role}${r.ghost ? '?' : ''}`)).toEqual([
      'apis:crds',
      'data:in',
      'reconcilers:reconcilers?',
      'libs:libs?',
      'refs:refs?',
      'in:other',
      'README.md:other',
    ]);
    expect([...defaultExpanded(old)]).toEqual(['apis']);
  });
  it('counts files per role, recursively, and 0 for missing or empty folders', () => {
    expect(roleCounts(tree)).toEqual({ crds: 1, in: 2, reconcilers: 2, libs: 0, refs: 0 });
    expect(countFiles(tree)).toBe(7);
  });
  it('orders Choreo folders first, then other folders, then files; hides tool folders', () => {
    expect(sortChildren(tree.children!, true).map((n) => n.name)).toEqual(['crds', 'in', 'reconcilers', 'refs', 'docs', 'README.md']);
  });
  it('lists visible rows with depth and role given the expanded folders', () => {
    const rows = visibleRows(tree, new Set(['reconcilers', 'reconcilers/sub']));
    expect(rows.map((r) => `${r.depth}:${r.node.name}:${r.role}`)).toEqual([
      '0:crds:crds',
      '0:in:in',
      '0:reconcilers:reconcilers',
      '1:sub:other',
      '2:x.yaml:other',
      '1:hello.star:other',
      '0:refs:refs',
      '0:docs:other',
      '0:README.md:other',
    ]);
  });
  it('shows missing Choreo folders as ghost rows in their place', () => {
    const rows = visibleRows(tree, new Set(), { ghosts: true });
    expect(rows.map((r) => r.node.name + (r.ghost ? '?' : ''))).toEqual(['crds', 'in', 'reconcilers', 'libs?', 'refs', 'docs', 'README.md']);
  });
  it('expands non-empty Choreo folders (not refs) by default', () => {
    expect([...defaultExpanded(tree)].sort()).toEqual(['crds', 'in', 'reconcilers']);
  });
  it('lists all files except hidden ones', () => {
    expect(allFiles(tree)).not.toContain('.choreo/db/x');
    expect(allFiles(tree)).toContain('reconcilers/sub/x.yaml');
  });
});

describe('ancestorPaths', () => {
  it('lists the folders above a path, outermost first', () => {
    expect(ancestorPaths('reconcilers/sub/x.yaml')).toEqual(['reconcilers', 'reconcilers/sub']);
    expect(ancestorPaths('README.md')).toEqual([]);
  });
});
