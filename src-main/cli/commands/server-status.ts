// `choreo server status [DIR] [--store URL] [--environment NAME]`: which store the project's runners use and,
// on etcd, who leads them (issue 16): the leader's record (client-go's LeaderElectionRecord), how long ago it
// renewed, and the runners that follow. Read from etcd once; no runner needs to run on this machine.
import path from 'node:path';
import type { LeaderRecord } from '../../../src-shared/run/leadership.js';
import { connectEtcd, readLeadership, resolveStoreSelection, StoreConfigError, storeUrl, type EtcdStoreConfig } from '../../engine/index.js';
import { parseFlags, UsageError, type FlagSpec } from '../flags.js';
import { storeFrom, withStoreFlags } from '../store-flags.js';
import { hostState } from '../../host/host-lock.js';

/** What `server status` found on etcd. */
export interface EtcdStatus {
  config: EtcdStoreConfig;
  leader: LeaderRecord | undefined;
  /** Every runner with a live lease on the prefix (the leader included). */
  candidates: string[];
  transitions: number;
}

const FLAGS: FlagSpec = withStoreFlags({});

/** The lines `server status` prints for an etcd store, `now` being the time of the read. */
export function etcdStatusLines(s: EtcdStatus, now: Date): string[] {
  const lines = [`store: etcd://${s.config.endpoints.join(',')}${s.config.prefix} (environment ${s.config.environment})`];
  const l = s.leader;
  if (!l) {
    lines.push('leader: none (no runner leads: start one with `choreo run start` or prod mode)');
  } else {
    const renewedAgo = (now.getTime() - Date.parse(l.renewTime)) / 1000;
    lines.push(
      `leader: ${l.holderIdentity} (project ${l.project}, environment ${l.environment})`,
      `  since ${l.acquireTime}; renewed ${renewedAgo.toFixed(1)} s ago; lease ${l.leaseDurationSeconds} s (a dead leader is replaced within it)`,
    );
  }
  const followers = s.candidates.filter((c) => c !== l?.holderIdentity);
  lines.push(`followers: ${followers.length ? followers.join(', ') : 'none'}`, `leader transitions: ${s.transitions}`);
  return lines;
}

/** Whether a host (`choreo server start`) serves the project: "host:" and, when running, "pid:", "since:", "url:". */
export async function hostStatusLines(root: string): Promise<string[]> {
  const s = await hostState(root);
  if (s.state === 'stopped') return [`host: stopped${s.stale ? ` (pid ${s.stale.pid}, started ${s.stale.startedAt}, ended without cleaning up)` : ''}`];
  return ['host: running', `pid: ${s.info.pid}`, `since: ${s.info.startedAt}`, `url: ${s.info.url ?? '(starting)'}`];
}

/** Runs `server status ARGS`; `usage` is `choreo server`'s usage text (printed for --help). */
export async function serverStatus(args: string[], usage: string): Promise<number> {
  const p = parseFlags(args, FLAGS);
  if (p.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  const dirs = p.dirGiven ? [p.dir, ...p.positional] : p.positional;
  if (dirs.length > 1) throw new UsageError(`server status: only one DIR may be given (got "${dirs[0]}" and "${dirs[1]}")`);
  const root = path.resolve(dirs[0] ?? '.');
  let selection;
  try {
    selection = await resolveStoreSelection(root, storeFrom(p.values));
  } catch (e) {
    if (e instanceof StoreConfigError) throw new UsageError(e.message);
    throw e;
  }
  const out = (line: string) => process.stdout.write(line + '\n');
  const host = await hostStatusLines(root); // printed last: the store's lines keep their places
  if (selection.kind === 'file') {
    out(`store: ${storeUrl(selection)} (${path.join(root, '.choreo', 'db')})`);
    out('leader: none needed (the file store has one runner, on this machine; runners elect a leader on etcd: --store etcd://…)');
    host.forEach(out);
    return 0;
  }
  // the etcd client library is loaded inside connectEtcd: the file store never pays for it
  let client;
  try {
    client = await connectEtcd(selection.etcd);
  } catch (e) {
    process.stderr.write(`choreo server status: ${(e as Error).message}\n`);
    return 1;
  }
  try {
    const read = await readLeadership(client, selection.etcd.prefix);
    for (const line of etcdStatusLines({ config: selection.etcd, ...read }, new Date())) out(line);
    host.forEach(out);
    return read.leader ? 0 : 3;
  } catch (e) {
    process.stderr.write(`choreo server status: cannot read the leader from ${storeUrl(selection)}: ${(e as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}
