import { describe, expect, it } from 'vitest';
import { allPaths, baseName, invalidPathReason, normaliseTyped, parentOf, rebasePath, renamePlan, targetFolder } from './path-ops';

describe('path-ops', () => {
  it('splits paths', () => {
    expect(parentOf('in/a.yaml')).toBe('in');
    expect(parentOf('a.yaml')).toBe('');
    expect(baseName('in/deep/a.yaml')).toBe('a.yaml');
  });

  it('puts new entries into the selected folder, or beside the selected file', () => {
    expect(targetFolder({ path: 'in', kind: 'dir' })).toBe('in');
    expect(targetFolder({ path: 'in/a.yaml', kind: 'file' })).toBe('in');
    expect(targetFolder(null)).toBe('');
  });

  it('rebases open tab paths after a rename of a file or a folder', () => {
    expect(rebasePath('in/a.yaml', 'in/a.yaml', 'in/b.yaml')).toBe('in/b.yaml');
    expect(rebasePath('in/sub/x.yaml', 'in/sub', 'libs/moved')).toBe('libs/moved/x.yaml');
    expect(rebasePath('in/subway.yaml', 'in/sub', 'libs/moved')).toBe('in/subway.yaml');
  });

  it('normalises typed paths and explains bad ones', () => {
    expect(normaliseTyped('  ./in//new.yaml ')).toBe('in/new.yaml');
    expect(normaliseTyped('in\\x.yaml')).toBe('in/x.yaml');
    const existing = allPaths({ path: '', children: [{ path: 'in', children: [{ path: 'in/a.yaml' }] }] });
    expect([...existing]).toEqual(['in', 'in/a.yaml']);
    expect(invalidPathReason('', existing)).toBe('Type a name.');
    expect(invalidPathReason('../x', existing)).toMatch(/inside the project/);
    expect(invalidPathReason('.git/config', existing)).toMatch(/git/);
    expect(invalidPathReason('in/a.yaml', existing)).toMatch(/already exists/);
    expect(invalidPathReason('in/a.yaml', existing, 'in/a.yaml')).toBeUndefined();
    expect(invalidPathReason('in/b.yaml', existing)).toBeUndefined();
  });

  it('plans tab moves for a folder rename: places kept, active tab followed, others untouched', () => {
    const order = ['in/a.yaml', 'libs/x/one.star', 'README.md', 'libs/x/two.star'];
    expect(renamePlan(order, 'libs/x/two.star', 'libs/x', 'libs/y')).toEqual({
      moves: [
        { from: 'libs/x/one.star', to: 'libs/y/one.star', index: 1 },
        { from: 'libs/x/two.star', to: 'libs/y/two.star', index: 3 },
      ],
      active: 'libs/y/two.star',
    });
    expect(renamePlan(order, 'README.md', 'in/a.yaml', 'in/b.yaml')).toEqual({ moves: [{ from: 'in/a.yaml', to: 'in/b.yaml', index: 0 }], active: 'README.md' });
    expect(renamePlan(order, null, 'nothing', 'else')).toEqual({ moves: [], active: null });
  });
});
