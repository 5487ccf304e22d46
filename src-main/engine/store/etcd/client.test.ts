// The client's per-attempt deadlines: the first attempt of a call is short (a txn stuck on a member whose raft
// leader died is retried on another within about an election), later attempts of the same call longer; and,
// on a real etcd, a watch response larger than gRPC's default message cap.
import { describe, expect, it } from 'vitest';
import { etcdForTests } from '../../../testing/etcd-cluster-hooks.js';
import { ATTEMPT_DEADLINES_MS, attemptDeadline, CALL_DEADLINE_MS } from './client.js';

describe('attemptDeadline', () => {
  it('grows with the attempts of one call (the same request object), up to the call deadline', () => {
    const request = { key: 'k' };
    const deadlines = [1, 2, 3, 4].map(() => attemptDeadline(request, 0));
    expect(deadlines).toEqual([ATTEMPT_DEADLINES_MS[0], ATTEMPT_DEADLINES_MS[1], CALL_DEADLINE_MS, CALL_DEADLINE_MS]);
    expect(ATTEMPT_DEADLINES_MS[0]).toBeLessThan(CALL_DEADLINE_MS);
  });

  it('counts each call apart; a call without a request object gets the call deadline', () => {
    attemptDeadline({ a: 1 }, 0);
    expect(attemptDeadline({ a: 1 }, 0)).toBe(ATTEMPT_DEADLINES_MS[0]);
    expect(attemptDeadline(undefined, 0)).toBe(CALL_DEADLINE_MS);
  });
});

// A watch that fell behind gets up to 1000 revisions in one response from etcd. With gRPC's default 4 MiB cap
// on a received message the client refused it, and each resume asked for the same response again: the watch
// stalled for good (a 100,000-object run's save waited on a watch stuck at revision 27 of 1801).
const server = etcdForTests();

describe('the client against a real etcd', () => {
  it('receives a catching-up watch response larger than 4 MiB', async () => {
    const { client } = await server.connect(server.cluster.url('/big'));
    const value = 'x'.repeat(1000);
    const from = Number((await client.put('/big/start').value('0').exec()).header.revision) + 1;
    const txns = 40; // 40 x 127 x ~1 KB: ~5.2 MB of events, sent as one response to a watch starting at `from`
    for (let t = 0; t < txns; t++) {
      const ops = Array.from({ length: 127 }, (_, i) => client.put(`/big/k/${t}/${i}`).value(value));
      await client.if('/big/start', 'Mod', '>', 0).then(...ops).commit();
    }
    const watcher = await client.watch().prefix('/big/k/').startRevision(String(from)).create();
    let events = 0;
    let largest = 0;
    const problem = await new Promise<string | undefined>((resolve) => {
      watcher.on('data', (res) => {
        events += res.events.length;
        largest = Math.max(largest, res.events.length);
        if (events === txns * 127) resolve(undefined);
      });
      watcher.on('disconnected', (e: Error) => resolve(`the watch broke: ${e.message}`));
    });
    await watcher.cancel();
    expect(problem).toBeUndefined();
    expect(largest).toBeGreaterThan(4 * 1024 * 1024 / 1000); // it did come as one response of over 4 MiB
  });
});
