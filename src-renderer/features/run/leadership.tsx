// Who leads the prod runners (issue 16), as the status bar and the prod view (Conditions) say it: the role of
// this instance's runner in a word (leader, follower, standalone), the leader's name when it is another
// runner, and the details (store, since when, transitions, the other runners) in the tooltip. The host sends
// it in ProdStatus.leadership and again on every change, so a failover shows at once.
import { useMemo } from 'react';
import type { ProdLeadership } from '../../../src-shared/ipc/channels/engine';
import { useEngine } from './engine-store';

export interface LeadershipText {
  role: ProdLeadership['role'];
  /** A few words: `leader`, `follower of runner-a`, `follower · nobody leads`, `standalone`. */
  short: string;
  /** The whole story, for a tooltip. */
  detail: string;
}

/** `12:01:02` of an RFC 3339 time in the user's clock; the text itself when it does not parse. */
function clock(rfc3339: string): string {
  const t = Date.parse(rfc3339);
  return Number.isNaN(t) ? rfc3339 : new Date(t).toLocaleTimeString();
}

export function leadershipText(l: ProdLeadership): LeadershipText {
  if (l.role === 'standalone') {
    return { role: l.role, short: 'standalone', detail: 'File store (.choreo/db): this runner works alone; there is no leader election. Put the store on etcd (.choreo/config.yaml) to run several runners with failover.' };
  }
  const me = l.identity ?? 'this runner';
  const others = (l.candidates ?? []).filter((c) => c !== l.leader?.holderIdentity && c !== l.identity);
  const rest = others.length ? ` Other runners: ${others.join(', ')}.` : '';
  if (l.role === 'leader') {
    const since = l.leader ? ` since ${clock(l.leader.acquireTime)} (${l.leader.leaderTransitions} leader changes, lease ${l.leader.leaseDurationSeconds} s)` : '';
    return { role: l.role, short: 'leader', detail: `This instance (${me}) leads ${l.store}${since}: it reconciles.${rest}` };
  }
  if (!l.leader) {
    return { role: l.role, short: 'follower · nobody leads', detail: `Nobody leads ${l.store} at the moment; this instance (${me}) follows and campaigns to take over.${rest}` };
  }
  const who = l.leader.holderIdentity;
  return {
    role: l.role,
    short: `follower of ${who}`,
    detail: `${who} leads ${l.store} since ${clock(l.leader.acquireTime)} and reconciles; this instance (${me}) follows its changes and takes over within the ${l.leader.leaseDurationSeconds} s lease if it dies. Apply input on the leader.${rest}`,
  };
}

const MARK: Record<ProdLeadership['role'], { mark: string; className: string }> = {
  leader: { mark: '◆', className: 'dot-ok' },
  follower: { mark: '◇', className: 'dot-unknown' },
  standalone: { mark: '■', className: 'dot-unknown' },
};

/** Who leads, in words, while a runner runs; undefined in dev mode. */
export function useProdLeadership(): LeadershipText | undefined {
  const leadership = useEngine((s) => (s.prod.status.state === 'stopped' ? undefined : s.prod.status.leadership));
  return useMemo(() => leadership && leadershipText(leadership), [leadership]);
}

/** The role's mark and the few words. */
export function LeadershipLabel({ text }: { text: LeadershipText }) {
  const m = MARK[text.role];
  return (
    <>
      <span className={m.className}>{m.mark}</span> {text.short}
    </>
  );
}
