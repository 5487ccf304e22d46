// Host answers that renderer tests hand to stores and fake clients: a plausible default for every field,
// so a test names only the fields it is about.
import type { ResourceRow } from '../../src-shared/ipc/channels/engine';
import type { PlanResponse } from '../../src-shared/ipc/channels/insight';
import type { RunResult } from '../../src-shared/run/result';

/** A row of the Resources list: `kind`/`name` in namespace default of `apiVersion` (default `v1`), unchanged, no Ready condition. */
export function resourceRow(kind: string, name: string, over: Partial<ResourceRow> = {}, apiVersion = 'v1'): ResourceRow {
  return { key: `${apiVersion}|${kind}|default|${name}`, apiVersion, kind, namespace: 'default', name, ready: '', readyReason: '', readyMessage: '', owner: null, change: 'unchanged', ...over };
}

/** A successful plan of the buffer of in/a.yaml that changes nothing listed (counts say one added, two changed). */
export function planResponse(over: Partial<PlanResponse> = {}): PlanResponse {
  return {
    planId: 'p1',
    source: 'buffers',
    files: ['in/a.yaml'],
    against: '0123456789abcdef',
    success: true,
    message: 'execution success',
    items: [],
    counts: { add: 1, change: 2, destroy: 0 },
    durationMs: 40,
    ...over,
  };
}

/** One planned change: Message default/world's spec.text from `before` to `after`. */
export const changedText = (before: string, after: string): PlanResponse['items'][number] => ({
  key: 'k',
  apiVersion: 'v1',
  kind: 'Message',
  namespace: 'default',
  name: 'world',
  symbol: '~',
  changes: [{ op: 'changed', path: 'spec.text', before, after }],
});

/** The result of a successful run once of project `p` with no runners, errors or warnings. */
export function runResult(over: Partial<RunResult> = {}): RunResult {
  return { version: 1, mode: 'once', project: 'p', startedAtMs: 0, finishedAtMs: 1, success: true, message: '', runners: [], errors: [], progress: [], warnings: [], stillLooping: [], ...over };
}
