// A prod runner on the etcd store in its own process, for the failover tests (etcd-runner-process.ts starts
// it): `node driver.mjs DIR STORE_URL IDENTITY LEASE_SECONDS [internal]` (`internal`: with the IPAM/VLAN/AS/
// GENID backends, as `-r`). It reports on stdout, one JSON object a line (leadership changes, reconcile
// counts, acknowledged input, idle, its stop), and takes commands on stdin: `apply <project-relative file>`
// (answered by `acked` once the input is committed to etcd, or `rejected`), `idle` (answered by `idle` once
// the queues are empty and everything is committed) and `stop`. A test kills it with SIGKILL at any moment.
import { createInterface } from 'node:readline';
import { startRunner } from '../engine/index.js';

const [dir, url, identity, lease, internal] = process.argv.slice(2);
const say = (o: Record<string, unknown>) => process.stdout.write(JSON.stringify(o) + '\n');
let stops = 0;
const runner = await startRunner(dir!, {
  store: { url, leaseSeconds: Number(lease) },
  identity,
  internalReconcilers: internal === 'internal' || undefined,
  onEvent: (e) => {
    if (e.type === 'leadership') say({ t: 'leadership', role: e.leadership.role, leader: e.leadership.leader?.holderIdentity ?? null });
    // the first finished reconcile, then every 20th: enough for a test to kill mid-run
    else if (e.type === 'reconcile' && e.event.operation === 'STOP' && (++stops === 1 || stops % 20 === 0)) say({ t: 'reconciles', n: stops });
    else if (e.type === 'warning') say({ t: 'warning', line: e.line });
    else if (e.type === 'progress') say({ t: 'progress', line: e.line });
  },
});
say({ t: 'started', role: runner.leadership()?.role });
const keepAlive = setInterval(() => {}, 1 << 30);
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.trim().split(/\s+/, 2);
  if (cmd === 'apply') {
    const r = await runner.applyInput({ file: arg! });
    say(r.ok ? { t: 'acked', file: arg, applied: r.applied } : { t: 'rejected', file: arg, errors: r.errors });
  } else if (cmd === 'idle') {
    await runner.whenIdle();
    say({ t: 'idle', role: runner.leadership()?.role });
  } else if (cmd === 'stop') break;
}
// a pipe on stdin keeps the process alive after readline stops reading it
process.stdin.destroy();
const { result } = await runner.stop();
say({ t: 'stopped', success: result.success, snapshot: result.snapshotId ?? null, message: result.message ?? null });
clearInterval(keepAlive);
