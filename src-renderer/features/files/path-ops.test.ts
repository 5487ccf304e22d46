import { describe, expect, it } from 'vitest';
import { allPaths, baseName, invalidPathReason, normaliseTyped, parentOf, rebasePath, targetFolder } from './path-ops';

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
});
