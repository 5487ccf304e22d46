import { describe, expect, it, vi } from 'vitest';
import type { RunOnceResponse } from '../../../src-shared/ipc/channels/engine';
import type { RunResult } from '../../../src-shared/run/result';
import { runResult } from '../../testing/responses';

vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));
vi.mock('../editor/models', () => ({ pathForUri: () => undefined }));
vi.mock('../problems/markers', () => ({ RUN_MARKER_OWNER: 'choreo-run' }));
const { runProblems } = await import('./run-problems');

const result = (p: Partial<RunResult>) => runResult({ success: false, ...p });

describe('runProblems', () => {
  it('turns a load error into one problem at its place', () => {
    const res: RunOnceResponse = { result: null, loadError: { message: 'in/a.yaml:3:5: spec.size: must be integer', file: 'in/a.yaml', line: 3, col: 5 }, objectPlaces: [], durationMs: 1 };
    expect(runProblems(res)).toEqual([{ path: 'in/a.yaml', line: 3, column: 5, severity: 'error', message: 'in/a.yaml:3:5: spec.size: must be integer', source: 'load' }]);
  });

  it('turns each of several load problems into a problem at its own place', () => {
    const res: RunOnceResponse = {
      result: null,
      loadError: { message: 'cannot load project: 2 errors …', file: 'in/a.yaml', line: 3, col: 5 },
      loadErrors: [
        { message: 'in/a.yaml:3:5: spec.size: must be integer', file: 'in/a.yaml', line: 3, col: 5 },
        { message: 'reconciler r err: reconcilers/r.star:2:1: got newline', file: 'reconcilers/r.star', line: 2, col: 1 },
      ],
      objectPlaces: [],
      durationMs: 1,
    };
    expect(runProblems(res).map((p) => `${p.path}:${p.line}:${p.column}`)).toEqual(['in/a.yaml:3:5', 'reconcilers/r.star:2:1']);
  });

  it('gives a run error its place, its frames with project files, its context and the input object', () => {
    const res: RunOnceResponse = {
      result: result({
        errors: [
          {
            taskId: 't',
            reconciler: 'ex.greeter',
            resource: { group: 'example.com', version: 'v1', kind: 'Greeter', namespace: 'default', name: 'team' },
            message: 'starlark execution runtime failure: floored division by zero',
            position: { file: 'libs/ex.lib.star', line: 13, col: 20 },
            traceback: 'Traceback …',
            frames: [
              { fn: 'reconcile', position: { file: 'reconcilers/ex.star', line: 10, col: 23 } },
              { fn: 'half', position: { file: 'libs/ex.lib.star', line: 13, col: 20 } },
              { fn: 'fail' },
            ],
          },
        ],
        warnings: ['upstream ref r1 is offline'],
      }),
      objectPlaces: [{ resource: 'example.com.Greeter.default.team', file: 'in/team.yaml', line: 1 }],
      durationMs: 1,
    };
    const [err, warn] = runProblems(res);
    expect(err).toMatchObject({
      path: 'libs/ex.lib.star',
      line: 13,
      column: 20,
      severity: 'error',
      source: 'run',
      context: 'reconciler ex.greeter · Greeter default/team',
      related: { label: 'Greeter team', path: 'in/team.yaml', line: 1 },
    });
    expect(err!.frames).toEqual([
      { fn: 'reconcile', path: 'reconcilers/ex.star', line: 10, column: 23 },
      { fn: 'half', path: 'libs/ex.lib.star', line: 13, column: 20 },
      { fn: 'fail' },
    ]);
    expect(warn).toMatchObject({ path: '', severity: 'warning', message: 'upstream ref r1 is offline' });
  });

  it('reports a failed run without errors by its message, and nothing for a clean run', () => {
    expect(runProblems({ result: result({ message: 'still looping: ex.loop' }), objectPlaces: [], durationMs: 1 })).toEqual([
      { path: '', line: 1, column: 1, severity: 'error', message: 'still looping: ex.loop', source: 'run' },
    ]);
    expect(runProblems({ result: result({ success: true }), objectPlaces: [], durationMs: 1 })).toEqual([]);
    expect(runProblems(null)).toEqual([]);
  });
});
