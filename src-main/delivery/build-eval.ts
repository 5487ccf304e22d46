// The part of a build that runs the project's code, in the build's checkout: the whole-project check (inputs
// against their schemas, every Starlark file resolved, every reconciler's kinds registered and its load-time
// code run) and the one run. A build calls it through DeliveryRunners.evaluateBuild (./runners.ts), which runs
// it in a thread with a heap limit, so a reconciler that loops or fills memory fails the build, not the
// process. Never throws for project problems: they become findings.
import type { RunEvent, RunResult } from '../../src-shared/run/result.js';
import {
  createApiStore,
  diskFs,
  loadRefTree,
  loadWithUpstreams,
  manualClock,
  readProjectSources,
  readUrlRewrites,
  runOnceWithProject,
  sequentialUids,
  storeInventory,
  ReconcilerRuntime,
  type KrmObject,
  type LoadedProject,
  type Snapshot,
  hostBuiltins,
  VirtualClock,
  ReconcilerLoadError,
  checkStarlark,
  backendCrds,
} from '../engine/index.js';
import { configBuiltins, CONFIG_BUILTIN_NAMES, KeyRecorder } from './config-builtins.js';
import { mergeKeyUses, scanKeys, type ScanSource } from './key-scan.js';
import type { Finding, KeyUse, PinnedRef, ReconciledKind } from './types.js';

export interface BuildEvaluation {
  findings: Finding[];
  refs: PinnedRef[];
  kinds: ReconciledKind[];
  /** Keys the code uses: the static scan merged with those seen while running. */
  keys: KeyUse[];
  /** The run; absent when the check found errors or the run could not start (a finding says why). */
  run?: { result: RunResult; objects: KrmObject[]; apiResources: Snapshot['apiResources'] };
}

export interface BuildEvaluationOptions {
  /** The project the build is of (its URL rewrites apply to upstream refs). */
  root: string;
  /** Do not contact upstream remotes (cached clones only). */
  offline: boolean;
  log: (line: string) => void;
  /** Every reconcile event of the run (a runner thread follows the reconcile in progress with them). */
  onReconcile?: (e: RunEvent) => void;
  /** Cancels the run (in-process evaluation; a runner thread is stopped instead). */
  signal?: AbortSignal;
  /** Enable the engine's built-in backends (IP and ID indexes), as `run once -r` does. */
  internalReconcilers?: boolean;
}

/** Names every Starlark file may use without defining them: host builtins of both generations + config/secret. */
export const BUILD_PREDECLARED: ReadonlySet<string> = new Set([
  ...Object.keys(hostBuiltins({ scope: () => undefined, generation: 'A' })),
  ...Object.keys(hostBuiltins({ scope: () => undefined, generation: 'B' })),
  ...CONFIG_BUILTIN_NAMES,
]);

/** Fixed clock start of build runs: objects get the same timestamps in every build. */
const BUILD_EPOCH = '2000-01-01T00:00:00Z';

/** Checks the checkout in `dir` and, when the check finds no error, runs it once. */
export async function evaluateBuild(dir: string, opts: BuildEvaluationOptions): Promise<BuildEvaluation> {
  const checked = await checkProject(dir, opts);
  const { log } = opts;
  if (opts.internalReconcilers) log('with the built-in backends (IP and ID indexes)');
  else {
    const hint = backendsHint(checked.findings);
    if (hint) checked.findings.push(hint);
  }
  for (const f of checked.findings) log(`${f.severity}: ${f.where ? f.where + ': ' : ''}${f.message}`);
  if (checked.findings.some((f) => f.severity === 'error')) return checked;
  log('running once ...');
  const recorder = new KeyRecorder();
  let run: BuildEvaluation['run'];
  try {
    const ran = await runOnceWithProject(dir, {
      persist: false,
      offline: true,
      signal: opts.signal,
      internalReconcilers: opts.internalReconcilers,
      load: { store: createApiStore({ clock: manualClock(BUILD_EPOCH), newUid: sequentialUids() }) },
      extraBuiltins: configBuiltins(undefined, recorder),
      onProgress: log,
      onWarning: (l) => log(`warning: ${l}`),
      onPrint: (m, f) => log(`print ${f}: ${m}`),
      onEvent: (e) => {
        opts.onReconcile?.(e);
        if (e.operation === 'ERROR') log(`ERROR ${e.reconciler} ${e.message}`.trim());
      },
    });
    run = { result: ran.result, ...storeInventory(ran.project.store) };
  } catch (e) {
    checked.findings.push({ severity: 'error', message: (e as Error).message });
    log(`error: ${(e as Error).message}`);
  }
  return { ...checked, keys: mergeKeyUses(checked.keys, recorder.list()), ...(run ? { run } : {}) };
}

/** The whole-project check, in the checkout folder. */
async function checkProject(dir: string, opts: BuildEvaluationOptions): Promise<BuildEvaluation> {
  const findings: Finding[] = [];
  const refs: PinnedRef[] = [];
  const sources = await readProjectSources(diskFs(dir));
  for (const d of sources.diagnostics) findings.push({ severity: d.severity, message: d.message, ...(d.where ? { where: locationText(d.where) } : {}) });
  if (sources.upstreamRefs.length) {
    opts.log(`resolving ${sources.upstreamRefs.length} upstream ref(s) ...`);
    try {
      const nodes = await loadRefTree(dir, sources.upstreamRefs, { rewrites: await readUrlRewrites(opts.root), offline: opts.offline, onProgress: opts.log, onWarning: opts.log });
      for (const n of nodes) refs.push({ name: n.chain.join('/'), url: n.ref.url, ref: n.ref.ref.name, commit: n.resolved.commit });
      for (const r of refs) opts.log(`  ${r.name}: ${r.url} ${r.ref} -> ${r.commit}`);
    } catch (e) {
      findings.push({ severity: 'error', message: `upstream refs: ${(e as Error).message}` });
      return { findings, refs, kinds: [], keys: [] };
    }
  }
  let loaded: LoadedProject;
  try {
    loaded = await loadWithUpstreams(dir, { offline: true, internalReconcilers: opts.internalReconcilers, load: { store: createApiStore({ clock: manualClock(BUILD_EPOCH), newUid: sequentialUids() }) } });
  } catch (e) {
    for (const line of (e as Error).message.split('\n')) if (line.trim()) findings.push({ severity: 'error', message: line.trim() });
    return { findings, refs, kinds: [], keys: [] };
  }
  opts.log(`check: ${loaded.inputs.length} input object(s) valid against their schemas, ${loaded.apis.length} API(s)`);
  const scan: ScanSource[] = [];
  let starFiles = 0;
  const checkCode = (file: string, code: string, loc: { file: string; line?: number } | undefined) => {
    starFiles++;
    const offset = (loc?.line ?? 1) - 1;
    const shown = loc?.file ?? file;
    scan.push({ file: shown, code, lineOffset: offset });
    for (const d of checkStarlark(file, code, { predeclared: BUILD_PREDECLARED })) {
      findings.push({ severity: d.severity, message: d.msg, where: `${shown}:${d.line + offset}:${d.col}` });
    }
  };
  for (const r of loaded.reconcilers) {
    if (r.type !== 'starlark') continue;
    for (const [file, code] of Object.entries(r.code)) if (file.endsWith('.star')) checkCode(file, code, r.codeFiles[file] ?? r.origin);
  }
  for (const l of loaded.libraries) if (l.type === '' || l.type === 'starlark') checkCode(l.name, l.code, l.origin);
  opts.log(`check: ${starFiles} Starlark file(s) resolved`);
  try {
    new ReconcilerRuntime({
      store: loaded.store,
      reconcilers: loaded.reconcilers,
      libraries: loaded.libraries,
      profile: loaded.profile,
      clock: new VirtualClock(),
      projectDir: dir,
      extraBuiltins: configBuiltins(undefined),
    }).prepare();
    opts.log(`check: ${loaded.reconcilers.length} reconciler(s) with registered kinds`);
  } catch (e) {
    const problems = e instanceof ReconcilerLoadError ? e.problems : [(e as Error).message];
    for (const p of problems) findings.push({ severity: 'error', message: p });
  }
  const kinds = loaded.reconcilers.map((r) => ({ reconciler: r.name, group: r.for.group, version: r.for.version, kind: r.for.kind, selector: r.for.selector ?? null }));
  return { findings, refs, kinds, keys: scanKeys(scan) };
}

/** API groups served by the built-in backends. */
const BACKEND_GROUPS: ReadonlySet<string> = new Set(backendCrds().map((crd) => (crd.spec as { group: string }).group));

/**
 * A build without the built-in backends whose project uses one of their kinds fails with the store's
 * "gvk G/V, Kind=K not registered": this finding says which option would have served it.
 */
export function backendsHint(findings: Finding[]): Finding | undefined {
  for (const f of findings) {
    const m = f.severity === 'error' ? /gvk ([^\s/,]+)\/[^\s,]+, Kind=(\w+) not registered/.exec(f.message) : null;
    if (!m || !BACKEND_GROUPS.has(m[1]!)) continue;
    return {
      severity: 'error',
      message:
        `${m[2]} (${m[1]}) is served by the engine's built-in backends, which this build did not enable. ` +
        'Build with `choreo build -r` (--internal-reconcilers), or turn on "Built-in backends" in the Environments view (`choreo build --backends on` stores it for the project).',
    };
  }
  return undefined;
}

function locationText(w: { file: string; line?: number; column?: number }): string {
  return [w.file, w.line, w.column].filter((x) => x !== undefined).join(':');
}
