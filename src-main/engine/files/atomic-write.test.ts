import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';
import { makeTempDir } from '../../testing/temp-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => (tmp = makeTempDir()));
afterEach(() => tmp.cleanup());

describe('writeFileAtomic', () => {
  it('writes the complete content and leaves no temp file', async () => {
    const file = join(tmp.dir, 'a.yaml');
    const content = 'x'.repeat(3 * 1024 * 1024) + '\nend\n';
    await writeFileAtomic(file, content, { syncFolder: true });
    expect(readFileSync(file, 'utf8')).toBe(content);
    expect(readdirSync(tmp.dir)).toEqual(['a.yaml']);
  });

  it('replaces an existing file and keeps its mode', async () => {
    const file = join(tmp.dir, 'run.sh');
    writeFileSync(file, 'old');
    chmodSync(file, 0o751);
    await writeFileAtomic(file, 'new', { syncFolder: true });
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o751);
    expect(readdirSync(tmp.dir)).toEqual(['run.sh']);
  });

  it('removes its temp file and keeps the original when the rename fails', async () => {
    // Renaming a file over a non-empty folder fails: the original folder must stay, no temp left.
    const target = join(tmp.dir, 'folder');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'keep');
    await expect(writeFileAtomic(target, 'data', { syncFolder: true })).rejects.toThrow();
    expect(readdirSync(tmp.dir)).toEqual(['folder']);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('keep');
  });
});
