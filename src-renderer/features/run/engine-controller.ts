// The engine side of the workbench: follows the host's engine events into the engine store, runs the
// Run/Stop/Prod commands, feeds the project's CRD schemas to monaco-yaml, and checks Starlark buffers as
// the user types. Components read useEngine and call these functions (through commands).
import type { ConditionRow, ProdStatus } from '../../../src-shared/ipc/channels/engine';
import { errorMessage } from '../../kit/ipc-errors';
import { needsProject } from '../../kit/command-guards';
import type { Command } from '../../kit/commands';
import { openFile, saveAll } from '../editor/editor-controller';
import { dirtyPaths, useEditor } from '../editor/editor-store';
import { getApiClient, invoke } from '../../api';
import { monaco, setYamlSchemas } from '../../monaco/monaco-setup';
import { applyConditionBatch, codeChangedNotice, conditionTypes, idleProd, patchProd, patchRun, patchSnapshots, useEngine } from './engine-store';
import { useLayout } from '../../state/layout';
import { clearNotices, notify } from '../../state/notices';
import { followProjectRoot, useProject } from '../../state/project';
import { combinedSchema } from './yaml-schemas';
import { installRunProblems } from './run-problems';
import { compareSnapshots } from '../snapshots/snapshots-controller';


// ---- run once --------------------------------------------------------------------------------

export async function runOnce(): Promise<void> {
  const s = useEngine.getState();
  if (s.run.running) return notify('info', 'A run is already in progress.');
  if (s.prod.status.state !== 'stopped') return notify('warning', 'Prod mode is running. Stop it first (Shift+F5), then run once.');
  // The run reads the files on disk: what the user sees in the editor is what runs.
  if (dirtyPaths(useEditor.getState()).length) await saveAll();
  const previous = s.run.last?.result ?? null;
  patchRun({ running: true, progress: [] });
  useLayout.getState().showPanel('run');
  try {
    const res = await invoke('run.once', {});
    if (res.result?.snapshotId) await refreshSnapshots();
    // the response carries the comparison with the snapshot before (one round trip per run)
    const vsPrevious = res.vsPrevious?.counts ?? null;
    const changedResources = res.vsPrevious?.changed ?? [];
    patchRun({ running: false, last: res, previous, vsPrevious, changedResources, generation: useEngine.getState().run.generation + 1 });
    patchSnapshots({ from: null, to: null });
  } catch (err) {
    patchRun({ running: false });
    notify('error', `Run once failed: ${errorMessage(err)}`);
  }
}

export async function cancelRun(): Promise<void> {
  await invoke('run.cancel', {}).catch(() => undefined);
}

// ---- prod ------------------------------------------------------------------------------------

export async function startProd(): Promise<void> {
  if (useEngine.getState().run.running) return notify('info', 'Wait for the run to finish, then start prod mode.');
  patchRun({ progress: [] });
  patchProd({ rows: new Map(), types: [], touched: new Set(), lastInput: null });
  useLayout.getState().showPanel('conditions');
  try {
    setProdStatus(await invoke('prod.start', {}));
    clearNotices(PROD_START);
    await loadConditions();
  } catch (err) {
    setProdStatus(idleProd);
    notify('error', errorMessage(err), { key: PROD_START });
  }
}

/** Stops prod mode (it saves the store) and starts it again (it loads the store) with the code on disk. */
export async function restartProd(): Promise<void> {
  if (useEngine.getState().prod.status.state === 'running') await stopProd();
  await startProd();
}

// Keys of the prod notices that go away once their cause is fixed (state/notices.ts).
const PROD_START = 'prod.start';
const PROD_CODE = 'prod.codeChanged';
const prodInputKey = (file: string) => `prod.input:${file}`;

/** Takes a prod status into the store, and says at once when the runner runs older code than the files. */
function setProdStatus(status: ProdStatus): void {
  const change = codeChangedNotice(useEngine.getState().prod.status, status);
  patchProd({ status });
  if (change === 'clear') clearNotices(PROD_CODE);
  else if (change !== 'keep') notify('warning', change.say, { key: PROD_CODE, action: { label: 'Restart prod mode', run: restartProd } });
}

export async function stopProd(): Promise<void> {
  try {
    const r = await invoke('prod.stop', {});
    await refreshSnapshots();
    if (r.snapshotId) notify('info', `Prod mode stopped; snapshot ${r.snapshotId.slice(0, 8)} stored.`);
  } catch (err) {
    notify('error', `Could not stop prod mode: ${errorMessage(err)}`);
  }
}

/** Shift+F5: stops prod mode, or cancels the run in progress. */
export async function stopAnything(): Promise<void> {
  const s = useEngine.getState();
  if (s.prod.status.state === 'running') return stopProd();
  if (s.run.running) return cancelRun();
  notify('info', 'Nothing is running.');
}

async function loadConditions(): Promise<void> {
  const { rows, seq } = await invoke('prod.conditions', {});
  const map = new Map(rows.map((r) => [r.key, r] as const));
  const p = useEngine.getState().prod;
  patchProd({ rows: map, seq, types: conditionTypes(map.values()), version: p.version + 1, keysVersion: p.keysVersion + 1 });
}

// ---- snapshots -------------------------------------------------------------------------------

export async function refreshSnapshots(): Promise<void> {
  try {
    const list = await invoke('snapshots.list', {});
    patchSnapshots({ list });
    const missing = list.slice(0, 50).map((s) => s.id).filter((id) => !(id in useEngine.getState().snapshots.counts));
    if (missing.length) {
      const counts = await invoke('snapshots.counts', { ids: missing });
      patchSnapshots({ counts: { ...useEngine.getState().snapshots.counts, ...counts } });
    }
  } catch (err) {
    notify('warning', `Could not list snapshots: ${errorMessage(err)}`);
  }
}

// ---- places ----------------------------------------------------------------------------------

export function openPlace(file: string, line: number, column = 1): void {
  void openFile(file, { line: Math.max(1, line), column: Math.max(1, column) });
}

// ---- schemas and Starlark markers ----------------------------------------------------------------

export async function refreshSchemas(): Promise<void> {
  try {
    const { version, schemas } = await invoke('schemas.forProject', {});
    await setYamlSchemas([{ uri: 'choreo://schemas/project.json', fileMatch: ['**/*.yaml', '**/*.yml'], schema: combinedSchema(schemas) as never }]);
    useEngine.setState({ schemaVersion: version });
  } catch (err) {
    if (useProject.getState().status === 'open') notify('warning', `Could not load the CRD schemas for the editor: ${errorMessage(err)}`);
  }
}

const STARLARK_OWNER = 'starlark';

function watchStarlarkModels(): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = async (model: monaco.editor.ITextModel) => {
    if (model.isDisposed() || model.getLanguageId() !== 'starlark') return;
    const version = model.getVersionId();
    const file = model.uri.path.replace(/^\//, '');
    try {
      const { markers } = await invoke('starlark.check', { file, text: model.getValue() });
      if (model.isDisposed() || model.getVersionId() !== version) return;
      monaco.editor.setModelMarkers(
        model,
        STARLARK_OWNER,
        markers.map((m) => {
          const line = Math.min(Math.max(1, m.line), model.getLineCount());
          const endLine = m.endLine ? Math.min(m.endLine, model.getLineCount()) : line;
          const endCol = m.endCol ?? Math.max(m.col + 1, model.getLineMaxColumn(line));
          return { severity: m.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning, message: m.message, startLineNumber: line, startColumn: Math.max(1, m.col), endLineNumber: endLine, endColumn: endCol, source: 'starlark' };
        }),
      );
    } catch {
      // the host is unreachable: keep the last markers
    }
  };
  const schedule = (model: monaco.editor.ITextModel, ms: number) => {
    const k = model.uri.toString();
    clearTimeout(timers.get(k));
    timers.set(k, setTimeout(() => void check(model), ms));
  };
  const subs: monaco.IDisposable[] = [];
  const attach = (model: monaco.editor.ITextModel) => {
    if (model.uri.scheme !== 'file') return;
    subs.push(model.onDidChangeContent(() => schedule(model, 300)));
    subs.push(model.onDidChangeLanguage(() => schedule(model, 0)));
    schedule(model, 0);
  };
  monaco.editor.getModels().forEach(attach);
  subs.push(monaco.editor.onDidCreateModel(attach));
  return () => subs.forEach((d) => d.dispose());
}

// ---- wiring ----------------------------------------------------------------------------------

async function onProjectOpened(): Promise<void> {
  useEngine.getState().reset();
  // Snapshots first and in parallel: listing them also prefetches the latest pair for the diff viewer.
  const snapshots = refreshSnapshots();
  await refreshSchemas();
  try {
    const [last, status] = await Promise.all([invoke('run.result', {}), invoke('prod.status', {})]);
    if (last) patchRun({ last: { result: last, objectPlaces: [], durationMs: last.finishedAtMs - last.startedAtMs } });
    setProdStatus(status);
    if (status.state === 'running') await loadConditions();
  } catch {
    // a project without runs: the panels show their empty states
  }
  await snapshots;
}

let installed = false;

/** Subscribes to the host's engine events (once per page). */
export function installEngine(): () => void {
  if (installed) return () => {};
  installed = true;
  const client = getApiClient();
  let pending: { rows: ConditionRow[]; removed: string[]; perSecond: number } | null = null;
  let frame = 0;
  const flush = () => {
    frame = 0;
    if (!pending) return;
    const p = useEngine.getState().prod;
    if (!pending.rows.length && !pending.removed.length) {
      patchProd({ perSecond: pending.perSecond });
      pending = null;
      return;
    }
    const { rows, touched: changed, keysChanged } = applyConditionBatch(p.rows, pending);
    // Rows flash when they change, not when they first arrive, and not when everything changes at once.
    const touched = p.rows.size > 0 && changed.size <= 500 ? changed : new Set<string>();
    const newType = pending.rows.some((r) => Object.keys(r.conditions).some((t) => !p.types.includes(t)));
    patchProd({ rows, touched, perSecond: pending.perSecond, version: p.version + 1, keysVersion: p.keysVersion + (keysChanged ? 1 : 0), ...(newType ? { types: conditionTypes(rows.values(), p.types) } : {}) });
    pending = null;
  };
  const offs = [
    client.on('run.progress', (e) => patchRun({ progress: [...useEngine.getState().run.progress.slice(-499), { line: e.line, kind: e.kind }] })),
    client.on('run.state', (e) => patchRun({ running: e.running })),
    client.on('prod.status', (status) => setProdStatus(status)),
    client.on('prod.conditionEvents', (e) => {
      if (e.seq <= useEngine.getState().prod.seq) return;
      // Several batches can arrive within one frame; merge them and render once.
      pending = pending
        ? { rows: [...pending.rows, ...e.rows], removed: [...pending.removed, ...e.removed], perSecond: e.perSecond }
        : { rows: e.rows, removed: e.removed, perSecond: e.perSecond };
      patchProd({ seq: e.seq });
      if (!frame) frame = requestAnimationFrame(flush);
    }),
    client.on('prod.inputApplied', (e) => {
      patchProd({ lastInput: { ...e, at: Date.now() } });
      // A fixed file clears the error it caused, so no stale toast stays up.
      if (e.ok) clearNotices(prodInputKey(e.file));
      if (e.ok) notify('info', `Applied ${e.file} to the running store (${e.applied.length} object${e.applied.length === 1 ? '' : 's'}).`);
      else notify('error', `${e.file} was not applied: it does not validate (details in the Conditions panel).`, { key: prodInputKey(e.file) });
    }),
    client.on('schemas.changed', () => void refreshSchemas()),
    client.on('snapshots.changed', () => void refreshSnapshots()),
    watchStarlarkModels(),
  ];
  const unsub = followProjectRoot((root) => {
    if (root) void onProjectOpened();
  });
  return () => {
    offs.forEach((off) => off());
    unsub();
    installed = false;
  };
}

/** The engine's commands (F5, Shift+F5, prod, panels), registered with the app's. */
export function engineCommands(): Command[] {
  installEngine();
  installRunProblems();
  return [
    { id: 'run.once', title: 'Run Once', category: 'Run', shortcut: 'F5', aliases: ['execute', 'run project', 'reconcile', 'start debugging'], disabledReason: needsProject, run: () => runOnce() },
    { id: 'run.stop', title: 'Stop (prod mode or the run in progress)', category: 'Run', shortcut: 'Shift+F5', aliases: ['cancel run', 'stop prod', 'abort'], disabledReason: needsProject, run: () => stopAnything() },
    { id: 'run.startProd', title: 'Start Prod Mode (continuous runner)', category: 'Run', aliases: ['watch', 'live', 'continuous'], disabledReason: needsProject, run: () => startProd() },
    { id: 'run.compareLast', title: 'Compare the Last Two Snapshots', category: 'Run', aliases: ['diff runs', 'what changed'], disabledReason: needsProject, run: () => compareSnapshots(null, null) },
    { id: 'run.showDeps', title: 'Show the Owner Tree (Deps)', category: 'Run', aliases: ['dependencies', 'owner references'], disabledReason: needsProject, run: () => useLayout.getState().showPanel('deps') },
    { id: 'run.refreshSchemas', title: 'Reload CRD Schemas for the Editor', category: 'Run', disabledReason: needsProject, run: () => refreshSchemas() },
  ];
}
