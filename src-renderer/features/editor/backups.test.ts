import { describe, expect, it } from 'vitest';
import { backupAction, backupKey, parseBackups, storageBackups } from './backups';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe('unsaved-edit backups', () => {
  const b = { baseHash: 'h1', content: 'mine', savedAt: '2026-01-01T00:00:00Z' };
  it('restores edits made on the current disk content, flags them when the disk moved on', () => {
    expect(backupAction(b, { content: 'disk', hash: 'h1' })).toBe('restore');
    expect(backupAction(b, { content: 'disk2', hash: 'h2' })).toBe('restore-conflict');
    expect(backupAction(b, { content: 'mine', hash: 'h9' })).toBe('discard');
  });
  it('stores per project and removes the key when the last backup goes', () => {
    const s = memoryStorage();
    const store = storageBackups(s);
    store.put('/p', 'in/a.yaml', b);
    store.put('/q', 'in/a.yaml', { ...b, content: 'other' });
    expect(store.get('/p')['in/a.yaml'].content).toBe('mine');
    store.remove('/p', 'in/a.yaml');
    expect(s.m.has(backupKey('/p'))).toBe(false);
    expect(store.get('/q')['in/a.yaml'].content).toBe('other');
  });
  it('ignores malformed storage', () => {
    expect(parseBackups('{oops')).toEqual({});
    expect(parseBackups('[1,2]')).toEqual({});
    expect(parseBackups(JSON.stringify({ 'a.yaml': { content: 1 }, 'b.yaml': b }))).toEqual({ 'b.yaml': b });
  });
});
