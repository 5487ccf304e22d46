// The leader's etcd lease, kept alive on a thread of its own (./lease-worker.ts), so renewals never wait
// for this thread's event loop: a project load or a long reconcile can hold it for seconds (3.5 s seen at
// load ~29), and a lease renewed from it expired under a 100,000-object load. The thread has its own etcd
// client; it grants the lease, renews it every TTL/4 (again after 250 ms when a renewal fails) and revokes
// it. When the last renewal was sent is in shared memory, so the owner reads it at once, even right after a
// long stall, without waiting for a message its busy loop has not taken yet.
//
// Fencing does not depend on this thread: every write of the leader is conditional on its leader key,
// which etcd deletes with the lease (etcd-store.ts). The step-down at 2/3 of the TTL (leader-election.ts)
// uses renewedAt(): a lease renewed at T stays at least until T + TTL.
import type { Worker } from 'node:worker_threads';
import { runningFromSources, startThread } from '../../threads/start-thread.js';
import type { EtcdStoreConfig } from './config.js';

/** Owner → thread. */
export type LeaseRequest = { op: 'grant'; seq: number } | { op: 'revoke'; seq: number };

/** Thread → owner: answers (by seq) and what happened on its own. */
export type LeaseReply =
  | { seq: number; ok: true; id?: string }
  | { seq: number; ok: false; message: string }
  /** etcd says the lease is gone (it expired): whatever hung on it is gone too. */
  | { event: 'lost'; id: string; why: string }
  | { event: 'warning'; line: string };

export interface LeaseWorkerData {
  config: EtcdStoreConfig;
  ttlSeconds: number;
  /** LeaseSlots over a SharedArrayBuffer. */
  shared: SharedArrayBuffer;
}

/** Slots of the shared BigInt64Array. */
export const LeaseSlots = {
  /** Date.now() when the last successful renewal (or the grant) was sent; 0: none yet. */
  renewedAt: 0,
  /** 1 while a lease is held, 0 before the grant and once etcd reported it gone. */
  held: 1,
  size: 2,
} as const;

/** The thread's entry in a bundle: scripts/build-main.ts emits every host/workers/entries.ts entry as worker-<name>.mjs. */
export const LEASE_WORKER_FILE = 'worker-etcd-lease.mjs';

export class LeaseThreadError extends Error {
  override name = 'LeaseThreadError';
}

export class LeaseThread {
  private readonly slots: BigInt64Array;
  private worker: Worker | undefined;
  private seq = 0;
  private readonly waiting = new Map<number, { resolve: (id: string | undefined) => void; reject: (e: Error) => void }>();
  private leaseId: string | undefined;
  private closed = false;

  constructor(
    private readonly config: EtcdStoreConfig,
    private readonly ttlSeconds: number,
    /** The lease is gone (etcd said so, or the thread ended): the owner no longer holds it. */
    private readonly onLost: (why: string) => void,
    private readonly onWarning: (line: string) => void = () => undefined,
  ) {
    this.slots = new BigInt64Array(new SharedArrayBuffer(LeaseSlots.size * 8));
  }

  /** The lease granted (and kept alive) on the thread; the same id until it is lost or revoked. */
  get id(): string | undefined {
    return Atomics.load(this.slots, LeaseSlots.held) === 1n ? this.leaseId : undefined;
  }

  /** When the last successful renewal was sent (ms since the epoch), as the thread wrote it. */
  renewedAt(): number {
    return Number(Atomics.load(this.slots, LeaseSlots.renewedAt));
  }

  /** Grants a lease unless one is held; its id. */
  async grant(): Promise<string> {
    const held = this.id;
    if (held) return held;
    const id = await this.request('grant');
    if (!id) throw new LeaseThreadError('the lease thread granted no lease');
    this.leaseId = id;
    return id;
  }

  /** Revokes the lease (what hangs on it goes at once); the thread keeps running for a next grant. */
  async revoke(): Promise<void> {
    if (!this.worker) return;
    this.leaseId = undefined;
    await this.request('revoke');
  }

  /** Revokes the lease and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.revoke().catch(() => undefined);
    this.closed = true;
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private request(op: LeaseRequest['op']): Promise<string | undefined> {
    if (this.closed) return Promise.reject(new LeaseThreadError('the lease thread is closed'));
    const worker = this.ensureWorker();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ op, seq } satisfies LeaseRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    Atomics.store(this.slots, LeaseSlots.held, 0n);
    const fromSources = runningFromSources(import.meta.url);
    const worker = startThread(
      { source: new URL('./lease-worker.ts', import.meta.url), bundled: new URL(`./${LEASE_WORKER_FILE}`, import.meta.url) },
      fromSources,
      { workerData: { config: this.config, ttlSeconds: this.ttlSeconds, shared: this.slots.buffer as SharedArrayBuffer } satisfies LeaseWorkerData, name: 'etcd lease' },
    );
    worker.on('message', (m: LeaseReply) => this.onMessage(m));
    const ended = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      Atomics.store(this.slots, LeaseSlots.held, 0n);
      for (const w of this.waiting.values()) w.reject(new LeaseThreadError(why));
      this.waiting.clear();
      if (this.leaseId !== undefined && !this.closed) {
        this.leaseId = undefined;
        this.onLost(why);
      }
    };
    worker.on('error', (e) => ended(`the lease thread failed: ${e.message}`));
    worker.on('exit', (code) => ended(`the lease thread ended (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onMessage(m: LeaseReply): void {
    if ('event' in m) {
      if (m.event === 'warning') this.onWarning(m.line);
      else if (m.id === this.leaseId) {
        this.leaseId = undefined;
        this.onLost(m.why);
      }
      return;
    }
    const w = this.waiting.get(m.seq);
    if (!w) return;
    this.waiting.delete(m.seq);
    if (m.ok) w.resolve(m.id);
    else w.reject(new LeaseThreadError(m.message));
  }
}
