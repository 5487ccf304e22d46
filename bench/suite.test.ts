import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../src-main/testing/temp-dir.js';
import { runSuites, type BenchSuite } from './suite.js';
import { readHistory } from './whole-process.js';

describe('runSuites', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir('choreo-bench-suite-');
    // the suites' own lines and the failure's stack are not what is tested
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    temp.cleanup();
  });

  const failing: BenchSuite = {
    name: 'broken',
    description: 'fails before it measures anything',
    run: () => Promise.reject(new Error('etcd is not installed')),
  };

  it('appends a failed record to the history of a suite that throws, and counts it', async () => {
    const ran: string[] = [];
    const fine: BenchSuite = { name: 'fine', description: 'runs', run: async () => void ran.push('fine') };
    expect(await runSuites([failing, fine], temp.dir)).toBe(1);
    expect(ran).toEqual(['fine']); // a failure does not stop the suites after it
    const history = readHistory('broken', temp.dir);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ failed: true, error: 'etcd is not installed' });
    expect(Date.parse(String(history[0]!.date))).not.toBeNaN();
    expect(readHistory('fine', temp.dir)).toEqual([]); // a suite that succeeds records its own figures
  });

  it('keeps every run: a second failure is appended after the first', async () => {
    await runSuites([failing], temp.dir);
    await runSuites([{ ...failing, run: () => Promise.reject('not an Error') }], temp.dir);
    expect(readHistory('broken', temp.dir).map((r) => r.error)).toEqual(['etcd is not installed', 'not an Error']);
  });
});
