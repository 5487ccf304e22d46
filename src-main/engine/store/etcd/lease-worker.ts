// The lease thread (its owner's side is ./lease-thread.ts): grants the leader election's etcd lease on a
// client of its own, renews it every TTL/4 whatever the owner's event loop is doing, and writes when each
// successful renewal was sent into the shared slots. A renewal that fails (a member down, a deadline) is
// tried again after 250 ms, so another member is reached well within the TTL; one etcd answers with "lease
// not found" means the lease is gone, and the owner is told.
import { parentPort, workerData } from 'node:worker_threads';
import type { Etcd3, Lease } from 'etcd3';
import { connectEtcd } from './client.js';
import { LeaseSlots, type LeaseReply, type LeaseRequest, type LeaseWorkerData } from './lease-thread.js';

const port = parentPort;
if (!port) throw new Error('lease-worker.ts must run in a worker thread (see lease-thread.ts).');

const { config, ttlSeconds, shared } = workerData as LeaseWorkerData;
const slots = new BigInt64Array(shared);
const renewEveryMs = (ttlSeconds * 1000) / 4;
const RETRY_MS = 250;

let client: Etcd3 | undefined;
let lease: Lease | undefined;
let leaseId: string | undefined;
let timer: NodeJS.Timeout | undefined;

const send = (m: LeaseReply) => port.postMessage(m);
const isLeaseGone = (e: Error) => /lease.*(not found|invalid|expired)|EtcdLeaseInvalid/i.test(`${e.name} ${e.message}`);

async function etcd(): Promise<Etcd3> {
  client ??= await connectEtcd(config, { check: false });
  return client;
}

async function grant(): Promise<string> {
  await drop();
  const c = await etcd(); // the first time: loading the client and connecting, before the clock starts
  const sent = Date.now();
  const l = c.lease(ttlSeconds, { autoKeepAlive: false });
  l.on('lost', () => undefined); // reported through keepaliveOnce's rejection
  const id = await l.grant();
  lease = l;
  leaseId = id;
  Atomics.store(slots, LeaseSlots.renewedAt, BigInt(sent));
  Atomics.store(slots, LeaseSlots.held, 1n);
  schedule(renewEveryMs);
  return id;
}

/** Forgets the lease (no more renewals); the owner revokes or has lost it. */
async function drop(): Promise<void> {
  clearTimeout(timer);
  lease = undefined;
  leaseId = undefined;
  Atomics.store(slots, LeaseSlots.held, 0n);
}

function schedule(ms: number): void {
  clearTimeout(timer);
  timer = setTimeout(() => void renew(), ms);
}

async function renew(): Promise<void> {
  const l = lease;
  const id = leaseId;
  if (!l || !id) return;
  const sent = Date.now();
  try {
    const res = await l.keepaliveOnce({ deadline: sent + Math.max(1000, renewEveryMs) });
    if (lease !== l) return;
    if (Number(res.TTL) > 0) {
      Atomics.store(slots, LeaseSlots.renewedAt, BigInt(sent));
      schedule(renewEveryMs);
      return;
    }
  } catch (e) {
    if (lease !== l) return;
    if (!isLeaseGone(e as Error)) {
      send({ event: 'warning', line: `renewing the etcd lease failed (${(e as Error).message}); retrying` });
      schedule(RETRY_MS);
      return;
    }
  }
  await drop();
  send({ event: 'lost', id, why: 'the lease expired before it could be renewed' });
}

async function revoke(): Promise<void> {
  const l = lease;
  await drop();
  await l?.revoke();
}

port.on('message', (m: LeaseRequest) => {
  const op = m.op === 'grant' ? grant() : revoke().then(() => undefined);
  op.then(
    (id) => send({ seq: m.seq, ok: true, ...(id ? { id } : {}) }),
    (e: Error) => send({ seq: m.seq, ok: false, message: e.message }),
  );
});
