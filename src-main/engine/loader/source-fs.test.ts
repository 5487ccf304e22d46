import { describe, expect, it } from 'vitest';
import { childEntries, memoryFs, overlayFs } from './source-fs.js';

const byName = (entries: { name: string; isDir: boolean }[]) => [...entries].sort((a, b) => a.name.localeCompare(b.name));

describe('childEntries', () => {
  const paths = ['in/a.yaml', 'in/sub/b.yaml', 'in/sub/c.yaml', 'crds/x.yaml', 'README.md'];

  it('lists the files and sub-folders of a folder once each, at the root and below', () => {
    expect(byName(childEntries(paths, ''))).toEqual([
      { name: 'crds', isDir: true },
      { name: 'in', isDir: true },
      { name: 'README.md', isDir: false },
    ]);
    expect(byName(childEntries(paths, 'in'))).toEqual([
      { name: 'a.yaml', isDir: false },
      { name: 'sub', isDir: true },
    ]);
    expect(childEntries(paths, './in/sub/')).toEqual([
      { name: 'b.yaml', isDir: false },
      { name: 'c.yaml', isDir: false },
    ]);
    expect(childEntries(paths, 'nothing')).toEqual([]);
    // a name that only starts like the folder is not inside it
    expect(childEntries(['inx/a.yaml'], 'in')).toEqual([]);
  });

  it('keeps the entries it is given and lets a path override one of the same name', () => {
    expect(byName(childEntries(['in/new.yaml', 'in/d/e.yaml'], 'in', [{ name: 'old.yaml', isDir: false }, { name: 'd', isDir: false }]))).toEqual([
      { name: 'd', isDir: true },
      { name: 'new.yaml', isDir: false },
      { name: 'old.yaml', isDir: false },
    ]);
  });
});

describe('overlayFs', () => {
  it('lists and reads unsaved buffers over the files below, new files included', async () => {
    const fs = overlayFs(memoryFs({ 'in/a.yaml': 'disk a', 'in/b.yaml': 'disk b' }), { './in/a.yaml': 'buffer a', 'in/new/c.yaml': 'buffer c' });
    expect(byName(await fs.list('in'))).toEqual([
      { name: 'a.yaml', isDir: false },
      { name: 'b.yaml', isDir: false },
      { name: 'new', isDir: true },
    ]);
    expect(await fs.read('in/a.yaml')).toBe('buffer a');
    expect(await fs.read('in/b.yaml')).toBe('disk b');
    expect(await fs.read('in/new/c.yaml')).toBe('buffer c');
  });
});
