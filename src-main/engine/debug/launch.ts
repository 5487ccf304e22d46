// Runs the debuggee of a session: a whole run once, the reconcile of one object against the project's
// state, or its replay against a snapshot's store state. None of them writes anything: no .choreo/db, no
// snapshot, no last-run.json (a debug run may be stopped at any point, and a replay must leave the project
// as it was). Wall-clock budgets are off (the time a program sits stopped would count); the step budget stays.
import path from 'node:path';
import { objectLabel } from '../../../src-shared/debug/object-filter.js';
import type { LaunchRequest } from '../../../src-shared/ipc/channels/debug.js';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ReconcileLimits } from '../runner/limits.js';
import type { ProjectFolders } from '../files/folders.js';
import { loadWithUpstreams, runOnceWithProject } from '../runner/run-once.js';
import { ReconcilerRuntime } from '../runner/runtime.js';
import { ReconcilerLoadError } from '../reconcilers/outcome.js';
import { VirtualClock } from '../reconcilers/clock.js';
import { readSnapshot } from '../snapshots/snapshot-store.js';
import { createApiStore, type MemoryApiStore } from '../store/store.js';
import type { Snapshot } from '../snapshots/types.js';
import type { ReconcilerDef } from '../loader/types.js';
import type { DebugSession } from './session.js';

/** How the debuggee ended, for the `terminated` event. */
export interface DebuggeeEnd {
  message: string;
  success: boolean;
}

export interface DebuggeeOptions {
  /** `server start -r`: the internal backends (run mode only; a replay cannot rebuild their tables). */
  internalReconcilers?: boolean;
  folders?: Partial<ProjectFolders>;
  limits?: ReconcileLimits;
}

/** Runs what the launch asks for under the session's debugger; never throws (a failure is the end message). */
export async function runDebuggee(session: DebugSession, dir: string, launch: LaunchRequest, opts: DebuggeeOptions = {}): Promise<DebuggeeEnd> {
  const root = path.resolve(dir);
  const limits: ReconcileLimits = { ...opts.limits, reconcileTimeoutMs: Infinity };
  const common = {
    limits,
    interrupt: () => {
      session.poll();
      return undefined;
    },
    onPrint: (msg: string, file: string) => session.print(`${file}: ${msg}\n`),
    onWarning: (line: string) => session.print(`warning: ${line}\n`, 'stderr'),
  };
  try {
    if (launch.mode === 'run') {
      const { result } = await runOnceWithProject(root, {
        ...common,
        persist: false,
        timeoutMs: Infinity,
        debug: session.runtime,
        internalReconcilers: opts.internalReconcilers,
        load: opts.folders && { folders: opts.folders },
      });
      const reconciles = result.runners.reduce((n, r) => n + r.events.filter((e) => e.operation === 'START').length, 0);
      return { success: result.success, message: result.success ? `Run once finished: success, ${reconciles} reconciles (nothing was written).` : `Run once failed: ${result.message}` };
    }
    const target = launch.target!;
    let snapshot: Snapshot | undefined;
    if (launch.mode === 'replay') {
      snapshot = await readSnapshot(root, launch.snapshot!).catch((e: Error) => {
        throw new Error(`Snapshot ${launch.snapshot} cannot be read: ${e.message}`);
      });
    }
    // The project's code (as on disk, so the breakpoints match); its state from the db + in/, or the snapshot.
    const loaded = await loadWithUpstreams(root, { load: { ...(opts.folders && { folders: opts.folders }), ...(snapshot && { store: createApiStore() }) } });
    const store = snapshot ? storeOf(snapshot, (line) => session.print(line, 'console')) : loaded.store;
    if (snapshot) {
      session.print(`Replaying against snapshot ${snapshot.id} (${snapshot.createdAt}, ${snapshot.objects.length} objects) with the reconcilers and libraries as they are in the project now.\n`, 'console');
      for (const line of codeChanges(snapshot, loaded.reconcilers)) session.print(line, 'console');
    }
    const rt = new ReconcilerRuntime({
      store,
      reconcilers: loaded.reconcilers,
      libraries: loaded.libraries,
      profile: loaded.profile,
      projectDir: root,
      clock: new VirtualClock(),
      onPrint: common.onPrint,
      onWarning: common.onWarning,
      limits,
      interrupt: common.interrupt,
      debug: session.runtime,
    });
    try {
      rt.prepare();
    } catch (e) {
      if (e instanceof ReconcilerLoadError) throw new Error(e.message);
      throw e;
    }
    const label = objectLabel({ kind: target.kind, namespace: target.namespace ?? '', name: target.name });
    const outcomes = rt.reconcileObject(target, launch.reconciler);
    const lines = outcomes.map((o) => `${o.reconciler}: ${o.outcome.kind === 'error' ? `error: ${o.outcome.message}` : o.outcome.kind}`);
    const success = outcomes.every((o) => o.outcome.kind !== 'error');
    const verb = snapshot ? `Replay of ${label} against snapshot ${snapshot.id}` : `Reconcile of ${label}`;
    return { success, message: `${verb} finished (nothing was written): ${lines.join('; ')}` };
  } catch (e) {
    return { success: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** An in-memory store holding a snapshot's state: its CRDs registered, every object put back as it was. */
export function storeOf(snapshot: Snapshot, note: (line: string) => void = () => {}): MemoryApiStore {
  const store = createApiStore();
  for (const o of snapshot.objects) {
    if (o.apiVersion !== 'apiextensions.k8s.io/v1' || o.kind !== 'CustomResourceDefinition') continue;
    try {
      store.registerApi(o);
    } catch (e) {
      note(`The snapshot's CRD ${o.metadata.name} does not register (${e instanceof Error ? e.message : String(e)}); its objects are left out.\n`);
    }
  }
  let skipped = 0;
  for (const o of snapshot.objects) if (!store.restore(o)) skipped++;
  if (skipped) note(`${skipped} object(s) of the snapshot have no API and are left out.\n`);
  return store;
}

/** Reconcilers whose code differs from what the snapshot's Reconciler objects hold (profile A stores them). */
function codeChanges(snapshot: Snapshot, current: ReconcilerDef[]): string[] {
  const byName = new Map<string, KrmObject>();
  for (const o of snapshot.objects) if (o.kind === 'Reconciler' && o.apiVersion.startsWith('choreo.kform.dev/')) byName.set(o.metadata.name ?? '', o);
  const out: string[] = [];
  for (const def of current) {
    const then = (byName.get(def.name)?.spec as { code?: Record<string, string> } | undefined)?.code;
    if (then && JSON.stringify(then) !== JSON.stringify(def.code)) out.push(`Note: reconciler ${def.name} changed since this snapshot; the replay runs its current code.\n`);
  }
  return out;
}
