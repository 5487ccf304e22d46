// Feeds Monaco's markers (YAML syntax/schema diagnostics) for our open files into the problems store.
import { monaco } from '../../monaco/monaco-setup';
import { useProblems, type Problem, type ProblemSeverity } from './problems-store';
import { pathForUri } from '../editor/models';

function severityOf(s: monaco.MarkerSeverity): ProblemSeverity {
  if (s === monaco.MarkerSeverity.Error) return 'error';
  if (s === monaco.MarkerSeverity.Warning) return 'warning';
  return 'info';
}

export function watchMarkers(): monaco.IDisposable {
  const collect = () => {
    const items: Problem[] = [];
    for (const m of monaco.editor.getModelMarkers({})) {
      const path = pathForUri(m.resource);
      if (!path || m.severity === monaco.MarkerSeverity.Hint) continue;
      items.push({ path, line: m.startLineNumber, column: m.startColumn, severity: severityOf(m.severity), message: m.message, source: m.source });
    }
    useProblems.getState().setItems(items);
  };
  const sub = monaco.editor.onDidChangeMarkers(collect);
  // Closing a tab disposes its model; its markers go with it.
  const sub2 = monaco.editor.onWillDisposeModel(() => setTimeout(collect, 0));
  return { dispose: () => (sub.dispose(), sub2.dispose()) };
}
