// The last run's errors in the one Problems list and in the editor: a load error (bad YAML, an input that
// fails its CRD schema, a reconciler that does not parse) and each run error with its place, its traceback
// frames (project file names) and the input object it was about; each also becomes a marker at its line
// in the editor, on the open model or when the file is opened later. They stay until the next run.
import type { RunOnceResponse } from '../../../src-shared/ipc/channels/engine';
import { resourceIdOf, type RunTraceFrame } from '../../../src-shared/run/result';
import { monaco } from '../../monaco/monaco-setup';
import { pathForUri } from '../editor/models';
import { RUN_MARKER_OWNER } from '../problems/markers';
import { useProblems, type Problem, type ProblemFrame } from '../problems/problems-store';
import { useEngine } from './engine-store';

/** A run error's traceback frames as the Problems list shows them (path/line/column, none for a builtin). */
export function problemFrames(frames: RunTraceFrame[]): ProblemFrame[] {
  return frames.map((f) => (f.position ? { fn: f.fn, path: f.position.file, line: f.position.line, column: f.position.col } : { fn: f.fn }));
}

/** The problems a run response reports (pure: tested in node). */
export function runProblems(res: RunOnceResponse | null): Problem[] {
  if (!res) return [];
  if (res.loadError) {
    // each problem at its own place (a marker in each file); the whole text when there is no list
    const each = res.loadErrors?.length ? res.loadErrors : [res.loadError];
    return each.map(({ message, file, line, col }) => ({ path: file ?? '', line: line ?? 1, column: col ?? 1, severity: 'error' as const, message, source: 'load' as const }));
  }
  const result = res.result;
  if (!result) return [];
  const out: Problem[] = [];
  for (const e of result.errors) {
    const rid = e.resource ? resourceIdOf(e.resource) : '';
    const place = rid ? res.objectPlaces.find((p) => p.resource === rid) : undefined;
    const r = e.resource;
    out.push({
      path: e.position?.file ?? '',
      line: e.position?.line ?? 1,
      column: e.position?.col ?? 1,
      severity: 'error',
      message: e.message,
      source: 'run',
      context: [e.reconciler && `reconciler ${e.reconciler}`, r && `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`].filter(Boolean).join(' · '),
      ...(e.frames?.length ? { frames: problemFrames(e.frames) } : {}),
      ...(place ? { related: { label: `${r!.kind} ${r!.name}`, path: place.file, line: place.line } } : {}),
    });
  }
  if (!result.success && !result.errors.length && result.message) {
    out.push({ path: '', line: 1, column: 1, severity: 'error', message: result.message, source: 'run' });
  }
  for (const w of result.warnings) out.push({ path: '', line: 1, column: 1, severity: 'warning', message: w, source: 'run' });
  return out;
}

function toMarker(p: Problem, model: monaco.editor.ITextModel): monaco.editor.IMarkerData {
  const line = Math.min(Math.max(1, p.line), model.getLineCount());
  const column = Math.max(1, Math.min(p.column, model.getLineMaxColumn(line)));
  // The whole rest of the line, so the squiggle is visible even at a column past the code.
  const endColumn = Math.max(column + 1, model.getLineMaxColumn(line));
  return {
    severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: p.context ? `${p.message}\n(last run: ${p.context})` : `${p.message}\n(last run)`,
    startLineNumber: line,
    startColumn: column,
    endLineNumber: line,
    endColumn,
    source: p.source === 'load' ? 'choreo load' : 'choreo run',
  };
}

/** Puts the run problems of one file on its model (replacing the previous run's). */
function markModel(model: monaco.editor.ITextModel, problems: Problem[]): void {
  const path = pathForUri(model.uri);
  if (!path) return;
  monaco.editor.setModelMarkers(model, RUN_MARKER_OWNER, problems.filter((p) => p.path === path).map((p) => toMarker(p, model)));
}

let installed = false;

/** Follows the last run into the Problems list and the editor's markers (once per page). */
export function installRunProblems(): () => void {
  if (installed) return () => {};
  installed = true;
  let last: RunOnceResponse | null | undefined;
  const apply = () => {
    const res = useEngine.getState().run.last;
    if (res === last) return;
    last = res;
    const problems = runProblems(res);
    useProblems.getState().setRunProblems(problems);
    for (const m of monaco.editor.getModels()) markModel(m, problems);
  };
  apply();
  const off = useEngine.subscribe(apply);
  // editor/models.ts registers a model's path right after Monaco creates it, so pathForUri knows the
  // model only once this event's synchronous dispatch is over.
  const created = monaco.editor.onDidCreateModel((m) => queueMicrotask(() => !m.isDisposed() && markModel(m, useProblems.getState().run)));
  return () => {
    off();
    created.dispose();
    installed = false;
  };
}
