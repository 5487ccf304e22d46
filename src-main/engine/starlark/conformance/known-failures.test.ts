import { describe, expect, it } from 'vitest';
import { formatKnownFailures, parseKnownFailures } from './known-failures.js';

describe('known failures list', () => {
  it('round-trips entries and ignores comments and blank lines', () => {
    const text = formatKnownFailures([
      { id: 'starlark-go/starlark/testdata/assign.star#3', reason: 'line 5: unexpected\nerror' },
      { id: 'bazel-suite/go/int.star#12', reason: '' },
    ]);
    expect(text).toContain('assign.star#3  line 5: unexpected error');
    const parsed = parseKnownFailures(text + '\n\n# comment\n');
    expect([...parsed.keys()]).toEqual(['starlark-go/starlark/testdata/assign.star#3', 'bazel-suite/go/int.star#12']);
    expect(parsed.get('bazel-suite/go/int.star#12')?.reason).toBe('');
  });
  it('shortens long reasons to one line', () => {
    const line = formatKnownFailures([{ id: 'x#1', reason: 'a'.repeat(500) }]).split('\n').find((l) => l.startsWith('x#1'))!;
    expect(line.length).toBeLessThan(200);
  });
});
