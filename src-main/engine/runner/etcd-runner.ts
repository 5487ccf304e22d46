// The prod runner on the etcd store (issue 16): several runners of one project and environment share an
// etcd prefix; one leads and reconciles, the others follow.
//
//   follower  its working set is read from etcd at one revision and kept current by the watch (the UI and
//             `get` read it); it campaigns for the leadership.
//   elected   it waits until its working set holds everything up to the revision it was elected at (all
//             the previous leader wrote), loads the project onto it (CRDs, in/, refs: writes that are
//             no-ops when unchanged; after another runner led, stored input whose file this checkout lacks
//             stays: a takeover resumes that leader's store), and reconciles; every change is written through to etcd, fenced on
//             its leader key (store/etcd/etcd-store.ts).
//   lost      (its lease could not be renewed, or a write was refused because the leader key changed) it
//             stops reconciling at once (the reconcile in progress is interrupted), drops what was not
//             committed, reads a fresh working set and follows again.
//   stop      a leader commits everything, writes its snapshot (taken at one revision) and resigns, so a
//             follower takes over at once instead of after the lease TTL.
import path from 'node:path';
import type { Etcd3 } from 'etcd3';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import type { LoadedProject } from '../loader/types.js';
import { ReconcilerLoadError } from '../reconcilers/outcome.js';
import { connectEtcd } from '../store/etcd/client.js';
import type { EtcdStoreConfig } from '../store/etcd/config.js';
import { EtcdStore, type Fence } from '../store/etcd/etcd-store.js';
import { LeaderElector, readLeadership, runnerIdentity, type ElectionEvent, type LeaderRecord } from '../store/etcd/leader-election.js';
import type { MemoryApiStore } from '../store/store.js';
import { applyInputObjects, inputObjects } from './input.js';
import { continuousRuntime, runnerEvents, startReconcileLoop, type ReconcileLoop } from './reconcile-loop.js';
import { buildResult, loadWithUpstreams, persistRun, RunLoadError } from './run-once.js';
import type { Leadership, Runner, StartRunnerOptions, StopResult } from './runner-types.js';
import type { ReconcilerRuntime } from './runtime.js';

/** What one term of leadership runs. */
interface Term {
  loaded: LoadedProject;
  rt: ReconcilerRuntime;
  loop: ReconcileLoop;
  /** Set when the term ends: the reconcile in progress is interrupted. */
  ending: boolean;
}

export async function startEtcdRunner(root: string, project: string, config: EtcdStoreConfig, opts: StartRunnerOptions, release: () => void): Promise<Runner> {
  const { emit, progress, warnings, say, warn } = runnerEvents(opts);
  const startedAtMs = Date.now();
  const identity = opts.identity ?? runnerIdentity();
  const location = `etcd://${config.endpoints.join(',')}${config.prefix}`;
  say(`store ${location} (environment ${config.environment}); runner ${identity}`);

  let client: Etcd3;
  try {
    client = await connectEtcd(config);
  } catch (e) {
    throw new RunLoadError((e as Error).message);
  }
  const localDbDir = path.join(root, CHOREO_PATHS.db);
  let elector: LeaderElector;
  const storeOptions = () => ({ localDbDir, onWarning: warn, onFenced: (why: string) => elector.lost(why), clock: opts.load?.clock, newUid: opts.load?.newUid });
  let etcd = new EtcdStore(client, config, storeOptions());
  let working: MemoryApiStore;
  try {
    working = await etcd.open();
  } catch (e) {
    client.close();
    throw new RunLoadError(`cannot read the store ${location}: ${(e as Error).message}`);
  }

  let role: Leadership['role'] = 'follower';
  let leader: LeaderRecord | undefined;
  let candidates: string[] = [];
  let term: Term | undefined;
  /**
   * Whether another runner led while this one ran: then this runner's election is a takeover, which resumes
   * that leader's store as it is (input the leader acknowledged stays, even when this checkout lacks its
   * file); a runner elected where nobody led loads the project as a run does, cleaning input whose file is gone.
   */
  let followedAnother = false;
  let stopping = false;
  let stopped: Promise<StopResult> | undefined;
  /** Elections, step-downs and stop, one at a time. */
  let transitions: Promise<unknown> = Promise.resolve();
  const serially = (fn: () => Promise<unknown>) => (transitions = transitions.then(fn, fn).catch((e: Error) => warn(`runner: ${e.message}`)));
  /** The first outcome after start (elected and loaded, following, refused, or a load error). */
  let settle: (err?: Error) => void = () => {};
  const settled = new Promise<void>((resolve, reject) => {
    settle = (err) => (err ? reject(err) : resolve());
  });

  const leadership = (): Leadership => {
    const current = elector.leader() ?? leader; // the elector's copy has the latest renewTime
    return { store: location, identity, role, ...(current ? { leader: current } : {}), candidates };
  };
  const announce = () => {
    if (stopping) return;
    void readLeadership(client, config.prefix)
      .then((l) => {
        candidates = l.candidates;
        emit({ type: 'leadership', leadership: leadership() });
      })
      .catch(() => emit({ type: 'leadership', leadership: leadership() }));
  };

  const onElection = (e: ElectionEvent) => {
    switch (e.type) {
      case 'leader':
        leader = e.record;
        if (e.record && e.record.holderIdentity !== identity) followedAnother = true;
        if (e.record && e.record.holderIdentity !== identity && role === 'follower' && e.record.project === project && e.record.environment === config.environment) settle();
        announce();
        return;
      case 'elected':
        void serially(() => takeOver(e.fence, e.revision));
        return;
      case 'lost':
        void serially(() => stepDown(e.why));
        return;
      case 'refused':
        warn(e.why);
        settle(new RunLoadError(e.why));
        void serially(async () => {
          if (!stopping) await finish(e.why);
        });
        return;
    }
  };
  elector = new LeaderElector(client, { config, identity, project, environment: config.environment, leaseSeconds: config.leaseSeconds, onWarning: warn }, onElection);

  const takeOver = async (fence: Fence, revision: number) => {
    if (stopping) return;
    say(`elected leader at revision ${revision}; loading ...`);
    await etcd.startWriting(fence, revision);
    let loaded: LoadedProject;
    let rt: ReconcilerRuntime;
    try {
      loaded = await loadWithUpstreams(root, { ...opts, load: { ...opts.load, store: working, keepStoredInput: followedAnother }, onProgress: say, onWarning: warn });
      const t: Partial<Term> = {};
      rt = continuousRuntime(root, loaded, opts, emit, warn, () => (t.ending ? 'this runner lost the leadership' : stopping ? 'prod mode was stopped' : opts.interrupt?.()));
      rt.prepare();
      t.ending = false;
      t.loaded = loaded;
      t.rt = rt;
      rt.start();
      t.loop = startReconcileLoop(rt);
      term = t as Term;
    } catch (e) {
      const message = e instanceof ReconcilerLoadError || e instanceof RunLoadError ? e.message : `cannot load the project: ${(e as Error).message}`;
      warn(message);
      settle(new RunLoadError(message));
      await finish(message);
      return;
    }
    role = 'leader';
    say(`leading: reconciling ${project}`);
    settle();
    announce();
    try {
      await etcd.sync(); // the load's writes (input) are in etcd
    } catch (e) {
      warn(`writing the loaded input to etcd failed: ${(e as Error).message}`);
    }
  };

  /** Ends the term: no more reconciles, nothing more written; a fresh working set, following again. */
  const endTerm = async () => {
    const t = term;
    term = undefined;
    if (!t) return;
    t.ending = true;
    await t.loop.stop();
    t.rt.stop();
  };

  const stepDown = async (why: string) => {
    if (stopping) return;
    warn(`this runner lost the leadership (${why}): it stopped reconciling and follows again`);
    role = 'follower';
    etcd.stopWriting();
    await endTerm();
    await etcd.close();
    for (let delay = 100; ; delay = Math.min(5000, delay * 2)) {
      etcd = new EtcdStore(client, config, storeOptions());
      try {
        working = await etcd.open();
        break;
      } catch (e) {
        await etcd.close();
        if (stopping) return;
        warn(`cannot read the store again (${(e as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    announce();
    elector.campaign();
  };

  /** Stops everything (once); a leader commits, snapshots and resigns first. `message`: why it had to stop. */
  let finished: Promise<StopResult> | undefined;
  const finish = (message?: string): Promise<StopResult> => (finished ??= finishOnce(message));
  const finishOnce = async (message?: string): Promise<StopResult> => {
    stopping = true;
    const t = term;
    if (t) {
      t.ending = true;
      await t.loop.stop();
      t.rt.stop();
    }
    let result = buildResult({ project, startedAtMs, end: { kind: 'idle' }, events: t?.rt.events ?? [], errors: t?.rt.errors ?? [], failure: t?.rt.failure, progress, warnings, mode: 'prod' });
    if (message) {
      result = { ...result, success: false, message };
      result.runners[0] = { ...result.runners[0]!, success: false, message };
    }
    if (t) {
      if (opts.persist !== false && etcd.isWriting) {
        try {
          await persistRun(root, t.loaded, result, 'stop');
        } catch (e) {
          warn(`the final commit failed: ${(e as Error).message}`);
          result = { ...result, success: false, message: `the final commit to ${location} failed: ${(e as Error).message}` };
        }
      }
    }
    term = undefined;
    role = 'stopped';
    await elector.close().catch(() => undefined); // resigns: a follower takes over at once
    await etcd.close();
    client.close();
    release();
    emit({ type: 'leadership', leadership: leadership() });
    emit({ type: 'stopped', snapshotId: result.snapshotId ?? '', success: result.success });
    return { result, snapshotId: result.snapshotId };
  };

  try {
    await elector.start();
    elector.campaign();
    // Start returns once this runner leads (project loaded) or knows it follows; a lease left by a dead
    // leader makes it follow until the lease expires.
    await settled;
  } catch (e) {
    if (!stopping) await serially(() => finish());
    throw e instanceof RunLoadError ? e : new RunLoadError((e as Error).message);
  }

  return {
    project,
    dir: root,
    get store() {
      return working;
    },
    leadership,
    status: () => (stopping ? 'Stopped' : 'Running'),
    async applyInput(input) {
      const objects = await inputObjects(root, input);
      if (stopping) return { ok: false, applied: [], errors: ['runner is not running'] };
      if (!term) return { ok: false, applied: [], errors: [`this runner follows ${leader?.holderIdentity ?? '(no leader yet)'}: apply input on the leader`] };
      const r = applyInputObjects(working, objects, warn);
      if (!r.ok) return r;
      term.loop.wake();
      try {
        await etcd.sync(); // acknowledged once committed
      } catch (e) {
        return { ok: false, applied: [], errors: [`not committed to ${location}: ${(e as Error).message}`] };
      }
      emit({ type: 'input', applied: r.applied });
      return r;
    },
    reconcileAll() {
      term?.rt.requeueAll();
      term?.loop.wake();
    },
    async whenIdle() {
      await term?.loop.whenIdle();
      if (term) await etcd.sync();
    },
    stop() {
      stopped ??= new Promise<StopResult>((resolve, reject) => {
        void serially(() => finish().then(resolve, reject));
      });
      return stopped;
    },
  };
}
