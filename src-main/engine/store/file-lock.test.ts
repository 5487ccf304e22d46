import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/temp-dir.js';
import { LockTimeoutError, updateJsonFile, withFileLock } from './file-lock.js';

let tmp: ReturnType<typeof makeTempDir>;
let file: string;
beforeEach(() => {
  tmp = makeTempDir('choreo-lock-');
  file = path.join(tmp.dir, 'state', 'counter.json');
});
afterEach(() => tmp.cleanup());

describe('file locks', () => {
  it('serialises read-modify-writes: 40 concurrent increments give 40', async () => {
    await Promise.all(Array.from({ length: 40 }, () => updateJsonFile(file, { n: 0 }, (c) => ({ n: c.n + 1 }))));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 40 });
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('takes over a lock whose process is gone (a killed writer never blocks the next one)', async () => {
    const lock = path.join(tmp.dir, 'd.json.lock');
    writeFileSync(lock, `2147483646 ${hostname()} ${Date.now()}\n`);
    expect(await withFileLock(path.join(tmp.dir, 'd.json'), async () => 'ran', { timeoutMs: 2_000 })).toBe('ran');
    expect(existsSync(lock)).toBe(false);
  });

  it('waits for a live holder, then reports it by pid with what to do', async () => {
    const lock = path.join(tmp.dir, 'e.json.lock');
    writeFileSync(lock, `${process.ppid} ${hostname()} ${Date.now()}\n`);
    const err = await withFileLock(path.join(tmp.dir, 'e.json'), async () => 'ran', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toMatch(new RegExp(`held by process ${process.ppid} .*delete .*e\\.json\\.lock`));
  });

  it('releases the lock when the locked work throws', async () => {
    await expect(withFileLock(file, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withFileLock(file, async () => 'again', { timeoutMs: 500 })).toBe('again');
  });
});
