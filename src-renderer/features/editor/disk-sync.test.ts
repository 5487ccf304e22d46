import { describe, expect, it } from 'vitest';
import { decideOnDiskChange } from './disk-sync';

const present = (content: string, hash: string) => ({ kind: 'present' as const, content, hash });

describe('decideOnDiskChange', () => {
  it('ignores the echo of our own save', () => {
    expect(decideOnDiskChange({ dirty: false, savedHash: 'h1', text: 'a' }, present('a', 'h1'))).toBe('none');
  });
  it('reloads a clean buffer silently', () => {
    expect(decideOnDiskChange({ dirty: false, savedHash: 'h1', text: 'a' }, present('b', 'h2'))).toBe('reload');
  });
  it('asks when a dirty buffer differs from the new content', () => {
    expect(decideOnDiskChange({ dirty: true, savedHash: 'h1', text: 'mine' }, present('theirs', 'h2'))).toBe('conflict');
  });
  it('adopts the disk hash when the disk already has the editor text', () => {
    expect(decideOnDiskChange({ dirty: true, savedHash: 'h1', text: 'same' }, present('same', 'h2'))).toBe('adopt');
  });
  it('reports deletion whatever the buffer state', () => {
    expect(decideOnDiskChange({ dirty: false, savedHash: 'h1', text: 'a' }, { kind: 'deleted' })).toBe('deleted');
  });
});
