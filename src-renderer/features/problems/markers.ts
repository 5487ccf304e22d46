// Feeds Monaco's markers of our open files (YAML syntax and schema diagnostics, Starlark check markers)
// into the problems store. The markers the last run put in the editor (owner RUN_MARKER_OWNER) are already
// in the store as run problems, so they are skipped here.
import { monaco } from '../../monaco/monaco-setup';
import { useProblems, type Problem, type ProblemSeverity } from './problems-store';
import { pathForUri } from '../editor/models';

function severityOf(s: monaco.MarkerSeverity): ProblemSeverity {
  if (s === monaco.MarkerSeverity.Error) return 'error';
  if (s === monaco.MarkerSeverity.Warning) return 'warning';
  return 'info';
}

/** The owner of the markers a run's errors put at their lines (features/run/run-problems.ts). */
export const RUN_MARKER_OWNER = 'choreo-run';

export function watchMarkers(): monaco.IDisposable {
  const collect = () => {
    const items: Problem[] = [];
    for (const m of monaco.editor.getModelMarkers({})) {
      const path = pathForUri(m.resource);
      if (!path || m.severity === monaco.MarkerSeverity.Hint || m.owner === RUN_MARKER_OWNER) continue;
      items.push({ path, line: m.startLineNumber, column: m.startColumn, severity: severityOf(m.severity), message: m.message, source: m.source });
    }
    useProblems.getState().setEditorProblems(items);
  };
  const sub = monaco.editor.onDidChangeMarkers(collect);
  // Closing a tab disposes its model; its markers go with it.
  const sub2 = monaco.editor.onWillDisposeModel(() => setTimeout(collect, 0));
  return { dispose: () => (sub.dispose(), sub2.dispose()) };
}
