// A rate-limited work queue with the semantics of client-go's workqueue (engine spec §4.4):
// dedup of waiting keys, a key being processed is marked dirty and re-queued when done, delayed adds,
// per-key exponential backoff (5 ms · 2^failures, capped at 1000 s), FIFO order.
// Single-threaded: the runtime takes one key at a time and calls done() when the reconcile finished.
import type { Clock } from './clock.js';

export interface WorkQueueOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
}

interface Delayed {
  due: number;
  seq: number;
  key: string;
}

export class WorkQueue {
  private readonly items: string[] = [];
  private head = 0;
  private readonly waiting = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly delayed: Delayed[] = []; // binary min-heap on (due, seq)
  private seq = 0;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly clock: Clock,
    opts: WorkQueueOptions = {},
  ) {
    this.baseDelayMs = opts.baseDelayMs ?? 5;
    this.maxDelayMs = opts.maxDelayMs ?? 1_000_000;
  }

  /** Queue a key now. No-op when it is already waiting; marked dirty when it is being processed. */
  add(key: string): void {
    if (this.processing.has(key)) {
      this.dirty.add(key);
      return;
    }
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.items.push(key);
  }

  /** Queue a key after `delayMs` of clock time. */
  addAfter(key: string, delayMs: number): void {
    if (delayMs <= 0) return this.add(key);
    this.pushDelayed({ due: this.clock.now() + delayMs, seq: this.seq++, key });
  }

  /** Queue a key after its backoff delay and count one more failure for it. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, Math.min(this.baseDelayMs * 2 ** n, this.maxDelayMs));
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Move delayed keys that are due into the queue. */
  promoteDue(): void {
    const now = this.clock.now();
    while (this.delayed.length && this.delayed[0]!.due <= now) this.add(this.popDelayed().key);
  }

  /** Next key to process (FIFO), or undefined when nothing is ready. */
  get(): string | undefined {
    this.promoteDue();
    if (this.head >= this.items.length) return undefined;
    const key = this.items[this.head++]!;
    // Compact occasionally so a long run does not keep every key it ever processed.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    this.waiting.delete(key);
    this.processing.add(key);
    return key;
  }

  /** The reconcile of `key` finished: re-queue it if it was added meanwhile. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.delete(key)) this.add(key);
  }

  /** Keys ready to be processed now (after promoting due ones). */
  readyCount(): number {
    this.promoteDue();
    return this.items.length - this.head;
  }

  /** Keys queued for later. */
  delayedCount(): number {
    return this.delayed.length;
  }

  /** Due time of the earliest delayed key, if any. */
  nextDue(): number | undefined {
    return this.delayed[0]?.due;
  }

  /** True when nothing is waiting, delayed or being processed. */
  idle(): boolean {
    return this.head >= this.items.length && this.delayed.length === 0 && this.processing.size === 0;
  }

  /** Keys still waiting or delayed (for livelock reports). */
  pendingKeys(): string[] {
    return [...this.items.slice(this.head), ...this.delayed.map((d) => d.key)];
  }

  private pushDelayed(d: Delayed): void {
    const h = this.delayed;
    h.push(d);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private popDelayed(): Delayed {
    const h = this.delayed;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l]!, h[m]!)) m = l;
        if (r < h.length && less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Delayed, b: Delayed): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
