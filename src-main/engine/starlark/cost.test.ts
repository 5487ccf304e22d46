import { describe, expect, it } from 'vitest';
import { CHECKPOINT_STEPS, StarlarkError, Thread, execFile, type StarlarkOptions } from './index.js';

// Each program does 500 bulk operations on a 20,000-element string or list: a few hundred steps
// counted per iteration, but tens of millions of bytes or elements of work. The step budget must end them.
function stepsOf(src: string, options: StarlarkOptions = {}, interrupt?: () => string | undefined): number {
  const thread = new Thread({ name: 't', options, interrupt });
  execFile('t.star', src, { thread, print: () => {} });
  return thread.steps;
}

function failure(src: string, options: StarlarkOptions, interrupt?: () => string | undefined): StarlarkError {
  try {
    stepsOf(src, options, interrupt);
  } catch (e) {
    if (e instanceof StarlarkError) return e;
    throw e;
  }
  throw new Error('expected the program to be stopped');
}

const bulk: Record<string, string> = {
  'str.replace': 's = "ab" * 10000\ndef f():\n  for i in range(500):\n    x = s.replace("a", "c")\nf()\n',
  'str.split': 's = "abc," * 5000\ndef f():\n  for i in range(500):\n    x = s.split(",")\nf()\n',
  'str.upper': 's = "abcd" * 5000\ndef f():\n  for i in range(500):\n    x = s.upper()\nf()\n',
  'str.join': 'l = ["ab"] * 10000\ndef f():\n  for i in range(500):\n    x = ",".join(l)\nf()\n',
  'list + list': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = l + [i]\nf()\n',
  'list +=': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = []\n    x += l\nf()\n',
  'list(...)': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = list(l)\nf()\n',
  'list.extend': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = []\n    x.extend(l)\nf()\n',
  'dict.items': 'd = {i: i for i in range(20000)}\ndef f():\n  for i in range(500):\n    x = d.items()\nf()\n',
  'sorted': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = sorted(l)\nf()\n',
  'str(list)': 'l = list(range(20000))\ndef f():\n  for i in range(500):\n    x = str(l)\nf()\n',
};

describe('step costs of bulk operations', () => {
  for (const [what, src] of Object.entries(bulk)) {
    it(`charges ${what} by its size, so the step budget stops a loop of them`, () => {
      const e = failure(src, { maxSteps: 1_000_000 });
      expect(e.kind).toBe('limit');
      expect(e.msg).toMatch(/^Starlark computation cancelled: too many steps \(the budget is 1000000 steps, counting loop iterations, calls and the size of bulk string and list operations; raise --max-steps/);
    });
  }

  it('charges small operations next to nothing', () => {
    // 1000 iterations of short-string work stay within a few steps per iteration.
    const steps = stepsOf('def f():\n  for i in range(1000):\n    x = "a-b-c".split("-")\n    y = "ab".upper()\n    z = [1, 2] + [3]\nf()\n');
    expect(steps).toBeLessThan(1000 * 60);
  });

  it('names the hint it was given', () => {
    const e = failure('def f():\n  for i in range(10000000):\n    pass\nf()\n', { maxSteps: 1000, stepLimitHint: 'raise it with `choreo run once --max-steps N`' });
    expect(e.msg).toContain('raise it with `choreo run once --max-steps N`)');
  });
});

describe('interrupt hook', () => {
  it('is asked at checkpoints and stops the program with its reason', () => {
    let asked = 0;
    const e = failure('def f():\n  for i in range(100000000):\n    pass\nf()\n', {}, () => (++asked >= 3 ? 'the reconcile ran longer than 1 ms' : undefined));
    expect(asked).toBe(3);
    expect(e.kind).toBe('limit');
    expect(e.msg).toBe('Starlark computation cancelled: the reconcile ran longer than 1 ms');
    expect(e.traceback.at(-1)?.pos?.line).toBe(2);
  });

  it('is asked after a bulk charge crosses a checkpoint', () => {
    let asked = 0;
    stepsOf('s = "ab" * 2000000\nx = s.upper()\n', {}, () => void asked++);
    expect(asked).toBeGreaterThan(0);
  });

  it('changes neither results nor the budget', () => {
    const src = 'def f():\n  n = 0\n  for i in range(3000000):\n    n += i\n  return n\nx = f()\n';
    const plain = stepsOf(src);
    expect(stepsOf(src, {}, () => undefined)).toBe(plain);
    expect(plain).toBeGreaterThan(2 * CHECKPOINT_STEPS);
    const e = failure(src, { maxSteps: 2_500_000 }, () => undefined);
    expect(e.msg).toMatch(/too many steps \(the budget is 2500000 steps/);
  });
});
