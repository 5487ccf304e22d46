// `run once` on the etcd store (issue 16): a run once writes, so it must lead like a prod runner does. It
// takes the leadership if nobody holds it (else it stops at once, as a run once does beside a running
// runner), reads the working set at one revision, runs with every change written through (fenced), commits
// and snapshots through the store's save, then resigns.
import path from 'node:path';
import type { Etcd3 } from 'etcd3';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { connectEtcd } from '../store/etcd/client.js';
import type { EtcdStoreConfig } from '../store/etcd/config.js';
import { EtcdStore } from '../store/etcd/etcd-store.js';
import { LeaderElector, runnerIdentity } from '../store/etcd/leader-election.js';
import type { MemoryApiStore } from '../store/store.js';
import type { Clock } from '../store/types.js';
import { RunLoadError } from './run-load-error.js';

export interface LeadingRun {
  /** The working set to load the project onto; its save() commits to etcd. */
  store: MemoryApiStore;
  /** Set when the leadership was lost during the run: the run must stop (its writes are refused). */
  lost(): string | undefined;
  /** Resigns and disconnects. */
  close(): Promise<void>;
}

export async function leadForRun(
  root: string,
  project: string,
  config: EtcdStoreConfig,
  opts: { onWarning: (line: string) => void; identity?: string; clock?: Clock; newUid?: () => string },
): Promise<LeadingRun> {
  const location = `etcd://${config.endpoints.join(',')}${config.prefix}`;
  let client: Etcd3;
  try {
    client = await connectEtcd(config);
  } catch (e) {
    throw new RunLoadError((e as Error).message);
  }
  let lostWhy: string | undefined;
  let refused: string | undefined;
  const identity = opts.identity ?? runnerIdentity();
  const elector = new LeaderElector(client, { config, identity, project, environment: config.environment, leaseSeconds: config.leaseSeconds, onWarning: opts.onWarning }, (e) => {
    if (e.type === 'lost') lostWhy = e.why;
    if (e.type === 'refused') refused = e.why;
  });
  const etcd = new EtcdStore(client, config, {
    localDbDir: path.join(root, CHOREO_PATHS.db),
    onWarning: opts.onWarning,
    onFenced: (why) => elector.lost(why),
    clock: opts.clock,
    newUid: opts.newUid,
  });
  const close = async () => {
    await elector.close().catch(() => undefined);
    await etcd.close();
    client.close();
  };
  try {
    const store = await etcd.open();
    await elector.start();
    const won = await elector.acquireOnce();
    if (refused) throw new RunLoadError(refused);
    if (!won) {
      const holder = elector.leader()?.holderIdentity ?? 'another runner';
      throw new RunLoadError(`runner is already running, status Running (${holder} leads the runners of ${location}); stop it first, or apply input on it`);
    }
    await etcd.startWriting(won.fence, won.revision);
    return { store, lost: () => lostWhy, close };
  } catch (e) {
    await close();
    throw e instanceof RunLoadError ? e : new RunLoadError(`cannot use the store ${location}: ${(e as Error).message}`);
  }
}
