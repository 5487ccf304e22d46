// Who leads the runners of a shared (etcd) store (issue 16): the record the leader keeps in etcd, as
// client-go's LeaderElectionRecord, and how the CLI and the UI say it in one line.

/** The leader's record (`<prefix>/choreo.studio/leader`), client-go's LeaderElectionRecord plus what it runs. */
export interface LeaderRecord {
  holderIdentity: string;
  project: string;
  environment: string;
  leaseDurationSeconds: number;
  /** RFC 3339 with microseconds, as client-go's MicroTime. */
  acquireTime: string;
  renewTime: string;
  leaderTransitions: number;
}

/** Who leads, as one runner sees it. */
export interface Leadership {
  /** `etcd://HOST:PORT,…/prefix` */
  store: string;
  /** This runner (`<host>/<pid>/<random>` unless named). */
  identity: string;
  /** `leader`: this runner reconciles; `follower`: it watches the leader; `stopped`. */
  role: 'leader' | 'follower' | 'stopped';
  /** The leader's record (this runner's own when it leads); undefined while nobody leads. */
  leader?: LeaderRecord;
  /** Every runner of the prefix (identities), the leader included. */
  candidates?: string[];
}

/** `leader runner-a (this runner) of etcd://…, since …, 2 transitions` and the like. */
export function leadershipLine(l: Leadership): string {
  if (l.role === 'stopped') return `runner ${l.identity} stopped (${l.store})`;
  const others = (l.candidates ?? []).filter((c) => c !== l.leader?.holderIdentity);
  if (!l.leader) return `no leader yet on ${l.store}; campaigning: ${(l.candidates ?? [l.identity]).join(', ')}`;
  const followers = others.length ? `; following: ${others.join(', ')}` : '';
  const who = l.leader.holderIdentity === l.identity ? `${l.identity} (this runner)` : l.leader.holderIdentity;
  return `leader ${who} of ${l.store} since ${l.leader.acquireTime}, ${l.leader.leaderTransitions} transitions${followers}`;
}
