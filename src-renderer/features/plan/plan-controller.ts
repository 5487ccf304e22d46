// Plans (issue 13 item 2) from the UI: the editor's unsaved edits are planned as you type (a short pause
// after the last keystroke, one plan at a time, the newest edits win), the staged files when the Source
// Control view asks; both through plan.compute, which the host runs in its plan worker. Also the commands
// and the object diff the Plan panel opens (plan.object). The editor's side (keystrokes, the CodeLens) is
// plan-lens.ts, which needs Monaco; this module runs in node tests.
import type { PlanSource } from '../../../src-shared/ipc/channels/insight';
import type { Request } from '../../../src-shared/ipc/contract';
import { invoke, onEvent } from '../../api';
import { needsProject } from '../../kit/command-guards';
import type { Command } from '../../kit/commands';
import { errorMessage } from '../../kit/ipc-errors';
import { useLayout } from '../../state/layout';
import { useProject } from '../../state/project';
import { dirtyPaths, useEditor } from '../editor/editor-store';
import { bufferText } from '../editor/editor-controller';
import { debounced } from '../git/git-model';
import { emptySlot, isPlannedFile, type PlanSlot } from './plan-model';
import { initialPlanState, patchPlan, patchSlot, usePlan } from './plan-store';

/** Pause after the last keystroke before the edits are planned (the plan should be there within 300 ms). */
const EDIT_PAUSE_MS = 60;
/** Status answers come in bursts (a stage, then the file events): plan the index once they settle. */
const STAGED_PAUSE_MS = 200;

/**
 * Runs `task` now, or once more right after the one in flight when asked again meanwhile: never two at once,
 * never a queue of stale ones (the newest edits are what the last run plans). The promise a request gets
 * settles after a run that started after the request (what plan-before-commit waits for).
 */
export function latestOnly(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const request = (): Promise<void> => {
    if (!running) {
      running = task()
        .catch(() => undefined)
        .finally(() => {
          running = null;
        });
      return running;
    }
    // one follow-up for every request made meanwhile, started once the one in flight ends
    queued ??= running.then(() => {
      queued = null;
      return request();
    });
    return queued;
  };
  return request;
}

// ---- planning ----------------------------------------------------------------------------------

/** The dirty buffers the engine reads, with their text. */
function plannedBuffers(): { path: string; content: string }[] {
  const out: { path: string; content: string }[] = [];
  for (const path of dirtyPaths(useEditor.getState())) {
    if (!isPlannedFile(path)) continue;
    const content = bufferText(path);
    if (content !== undefined) out.push({ path, content });
  }
  return out;
}

async function compute(source: PlanSource): Promise<void> {
  if (useProject.getState().status !== 'open') return;
  const root = useProject.getState().info?.root;
  let request: Request<'plan.compute'>;
  if (source === 'buffers') {
    const buffers = plannedBuffers();
    if (!buffers.length) {
      patchSlot('buffers', emptySlot);
      return;
    }
    request = { source, buffers };
  } else {
    request = { source };
  }
  patchSlot(source, { state: 'planning' });
  try {
    const result = await invoke('plan.compute', request);
    if (useProject.getState().info?.root !== root) return; // another project opened meanwhile
    patchSlot(source, { state: 'ready', result, error: null });
    const { shown, selected } = usePlan.getState();
    // the open object diff follows the newest plan (or closes when the object left it)
    if (shown === source) {
      if (selected && result.items.some((i) => i.key === selected)) void openPlanObject(selected);
      else patchPlan({ selected: null, diff: null, diffError: null });
    }
  } catch (err) {
    patchSlot(source, { state: 'error', error: errorMessage(err) });
  }
}

const planBuffersNow = latestOnly(() => compute('buffers'));
const planStagedNow = latestOnly(() => compute('staged'));
const planBuffersSoon = debounced(() => void planBuffersNow(), EDIT_PAUSE_MS);
const planStagedSoon = debounced(() => void planStagedNow(), STAGED_PAUSE_MS);

/** Plans the unsaved edits a moment from now (the editor, after each keystroke in a file the engine reads). */
export function schedulePlanBuffers(): void {
  planBuffersSoon();
}

/** Plans the staged files a moment from now (the Source Control view, after each status answer). */
export function schedulePlanStaged(): void {
  planStagedSoon();
}

/** Plans the staged files now (after anything staged so far) and answers the plan slot: what Commit shows first when plan-before-commit is on. */
export async function planStagedForCommit(): Promise<PlanSlot> {
  await planStagedNow();
  return usePlan.getState().staged;
}

/** Forgets the staged plan (nothing is staged). */
export function clearStagedPlan(): void {
  patchSlot('staged', emptySlot);
}

/** Shows a plan in the Plan panel, planning it first when it has not been (the palette's commands). */
export async function showPlan(source: PlanSource): Promise<void> {
  if (usePlan.getState().shown !== source) patchPlan({ shown: source, selected: null, diff: null, diffError: null });
  useLayout.getState().showPanel('plan');
  await (source === 'buffers' ? planBuffersNow() : planStagedNow());
}

/** Opens the diff of one object of the plan shown (the last run's YAML against the planned one). */
export async function openPlanObject(key: string): Promise<void> {
  const s = usePlan.getState();
  const planId = s[s.shown].result?.planId;
  if (!planId) return;
  patchPlan({ selected: key, diffError: null });
  try {
    const pair = await invoke('plan.object', { planId, key });
    const now = usePlan.getState();
    if (now.selected === key && now[now.shown].result?.planId === planId) patchPlan({ diff: { planId, key, ...pair } });
  } catch (err) {
    if (usePlan.getState().selected === key) patchPlan({ diff: null, diffError: errorMessage(err) });
  }
}

// ---- wiring ------------------------------------------------------------------------------------

let installed = false;

/** Plans again when the set of unsaved edits or the last run changes; forgets plans of another project. Once per page. */
export function installPlan(): () => void {
  if (installed) return () => {};
  installed = true;
  // a save, an undo back to the saved text, a closed tab: the set of unsaved edits changed
  let dirtyKey = '';
  const unsubEditor = useEditor.subscribe((s) => {
    const key = dirtyPaths(s).filter(isPlannedFile).join('\n');
    if (key === dirtyKey) return;
    dirtyKey = key;
    planBuffersSoon();
  });
  // a new run: plan against it
  const offSnapshots = onEvent('snapshots.changed', () => {
    if (usePlan.getState().buffers.result || plannedBuffers().length) planBuffersSoon();
    if (usePlan.getState().staged.state !== 'idle') planStagedSoon();
  });
  let root = useProject.getState().info?.root;
  const unsubProject = useProject.subscribe((s) => {
    if (s.info?.root === root) return;
    root = s.info?.root;
    usePlan.setState({ ...initialPlanState });
  });
  return () => {
    unsubEditor();
    offSnapshots();
    unsubProject();
    installed = false;
  };
}

/** The plan commands, registered with the app's. */
export function planCommands(): Command[] {
  installPlan();
  return [
    {
      id: 'plan.unsaved',
      title: 'Plan the Unsaved Edits',
      category: 'Run',
      aliases: ['plan', 'preview changes', 'what would change', 'dry run', 'terraform plan'],
      disabledReason: needsProject,
      run: () => showPlan('buffers'),
    },
    {
      id: 'plan.staged',
      title: 'Plan the Staged Changes',
      category: 'Git',
      aliases: ['plan', 'plan before commit', 'what would the commit change'],
      disabledReason: needsProject,
      run: () => showPlan('staged'),
    },
  ];
}
