// The editor's side of the plan (issue 13 item 2): every keystroke in a file the engine reads asks for a plan
// of the unsaved edits (plan-controller.ts waits for a short pause), and a CodeLens over an edited input,
// reconciler or library file says how many objects the unsaved edits would change; clicking it opens the
// Plan panel.
import { monaco } from '../../monaco/monaco-setup';
import { useEditor } from '../editor/editor-store';
import { pathForUri } from '../editor/models';
import { schedulePlanBuffers, showPlan } from './plan-controller';
import { hasPlanLens, isPlannedFile, lensTitle } from './plan-model';
import { usePlan } from './plan-store';

const SHOW_PLAN_COMMAND = 'choreo.showPlan';

let installed = false;

/** Once per page. */
export function installPlanLens(): () => void {
  if (installed) return () => {};
  installed = true;
  const changed = new monaco.Emitter<monaco.languages.CodeLensProvider>();
  const provider: monaco.languages.CodeLensProvider = {
    onDidChange: changed.event,
    provideCodeLenses(model) {
      const path = pathForUri(model.uri);
      if (!path || !useEditor.getState().buffers[path]?.dirty || !hasPlanLens(path)) return { lenses: [], dispose() {} };
      const title = lensTitle(usePlan.getState().buffers);
      return { lenses: [{ range: new monaco.Range(1, 1, 1, 1), id: 'choreo.plan', command: { id: SHOW_PLAN_COMMAND, title } }], dispose() {} };
    },
  };
  const subs: monaco.IDisposable[] = [
    // every language: Go templates and Jinja2 reconcilers open as plain text; hasPlanLens picks the files
    monaco.languages.registerCodeLensProvider('*', provider),
    monaco.editor.registerCommand(SHOW_PLAN_COMMAND, () => void showPlan('buffers')),
  ];
  // the lens follows the plan, and shows or goes when a buffer becomes dirty or clean
  const unsubPlan = usePlan.subscribe((s, prev) => s.buffers !== prev.buffers && changed.fire(provider));
  const unsubEditor = useEditor.subscribe((s, prev) => s.buffers !== prev.buffers && changed.fire(provider));
  const attach = (model: monaco.editor.ITextModel) => {
    if (model.uri.scheme !== 'file') return;
    subs.push(
      model.onDidChangeContent(() => {
        const path = pathForUri(model.uri);
        if (path && isPlannedFile(path)) schedulePlanBuffers();
      }),
    );
  };
  monaco.editor.getModels().forEach(attach);
  subs.push(monaco.editor.onDidCreateModel(attach));
  return () => {
    subs.forEach((d) => d.dispose());
    unsubPlan();
    unsubEditor();
    changed.dispose();
    installed = false;
  };
}
