// One prod-mode session of the host: the continuous runner, the live condition rows (changes batched so
// 10,000 resources do not flood the socket), each object's condition history this session, and the
// events-per-second figure the condition view shows.
import type { ConditionHistoryEntry, ConditionRow, ProdStatus } from '../../../src-shared/ipc/channels/engine.js';
import type { EventName, EventPayload } from '../../../src-shared/ipc/contract.js';
import { choreoKindSet, startRunner, toYaml, type ApplyInputResult, type KrmObject, type Runner, type WatchEvent } from '../../engine/index.js';
import { conditionRow, isUserObject, splitKey } from '../workers/engine-data.js';
import type { ProjectFolders } from '../../engine/index.js';
import { parseApiVersion } from '../../../src-shared/krm/object.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ProdSessionOptions {
  /** Batch interval of prod.conditionEvents (default 100 ms). */
  batchMs?: number;
  /** History entries kept per object (default 50). */
  historyMax?: number;
  /** `server start -r`: run with the internal backends (engine/backends). */
  internalReconcilers?: boolean;
  /** `server start --apis …`: the project's folders (engine/loader/folders.ts). */
  folders?: Partial<ProjectFolders>;
}

export class ProdSession {
  private runner: Runner | undefined;
  private state: ProdStatus['state'] = 'stopped';
  private startedAtMs: number | undefined;
  private events = 0;
  private errors = 0;
  private lastSnapshotId: string | undefined;
  private message: string | undefined;
  private readonly rows = new Map<string, ConditionRow>();
  private readonly history = new Map<string, ConditionHistoryEntry[]>();
  private readonly dirty = new Set<string>();
  private removed = new Set<string>();
  private seq = 0;
  private lastPerSecond = 0;
  private batchEvents = 0;
  private readonly rate: Array<{ t: number; n: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private choreoKinds = new Set<string>();
  private readonly batchMs: number;
  private readonly historyMax: number;
  private readonly internalReconcilers: boolean | undefined;
  private readonly folders: Partial<ProjectFolders> | undefined;

  constructor(
    private readonly root: string,
    private readonly emit: Emit,
    opts: ProdSessionOptions = {},
  ) {
    this.internalReconcilers = opts.internalReconcilers;
    this.folders = opts.folders;
    this.batchMs = opts.batchMs ?? 100;
    this.historyMax = opts.historyMax ?? 50;
  }

  status(): ProdStatus {
    return {
      state: this.state,
      events: this.events,
      errors: this.errors,
      ...(this.startedAtMs !== undefined ? { startedAtMs: this.startedAtMs } : {}),
      ...(this.lastSnapshotId !== undefined ? { lastSnapshotId: this.lastSnapshotId } : {}),
      ...(this.message !== undefined ? { message: this.message } : {}),
    };
  }

  get running(): boolean {
    return this.state === 'running' && !!this.runner;
  }

  liveStore() {
    return this.running ? this.runner!.store : undefined;
  }

  async start(onProgress: (line: string, kind: 'progress' | 'warning' | 'print') => void): Promise<ProdStatus> {
    if (this.state !== 'stopped') return this.status();
    this.setState('starting');
    this.rows.clear();
    this.history.clear();
    this.dirty.clear();
    this.removed.clear();
    this.events = 0;
    this.errors = 0;
    this.message = undefined;
    try {
      this.runner = await startRunner(this.root, {
        internalReconcilers: this.internalReconcilers,
        load: this.folders && { folders: this.folders },
        onPrint: (msg, file) => onProgress(`${file}: ${msg}`, 'print'),
        onEvent: (e) => {
          if (e.type === 'progress') onProgress(e.line, 'progress');
          else if (e.type === 'warning') onProgress(e.line, 'warning');
          else if (e.type === 'reconcile') this.events++;
          else if (e.type === 'error') {
            this.errors++;
            onProgress(`${e.error.position ? `${e.error.position.file}:${e.error.position.line}: ` : ''}${e.error.message}`, 'warning');
          }
        },
      });
    } catch (err) {
      this.message = (err as Error).message;
      this.setState('stopped');
      throw err;
    }
    this.startedAtMs = Date.now();
    this.choreoKinds = choreoKindSet(this.runner.store.apis());
    this.unwatch = this.runner.store.watch((ev) => this.onStoreEvent(ev), { replay: true });
    this.timer = setInterval(() => this.flush(), this.batchMs);
    this.setState('running');
    return this.status();
  }

  async stop(): Promise<{ snapshotId?: string; success: boolean }> {
    const runner = this.runner;
    if (!runner || this.state !== 'running') return { success: false, ...(this.lastSnapshotId ? { snapshotId: this.lastSnapshotId } : {}) };
    this.setState('stopping');
    const { result, snapshotId } = await runner.stop();
    this.flush();
    this.unwatch?.();
    clearInterval(this.timer);
    this.runner = undefined;
    this.lastSnapshotId = snapshotId;
    this.setState('stopped');
    return { success: result.success, ...(snapshotId ? { snapshotId } : {}) };
  }

  /** Validates and applies an input file to the live store; nothing is applied when any document is invalid. */
  async applyInputFile(rel: string): Promise<ApplyInputResult> {
    if (!this.running) return { ok: false, applied: [], errors: ['prod mode is not running'] };
    try {
      return await this.runner!.applyInput({ file: rel });
    } catch (err) {
      return { ok: false, applied: [], errors: [(err as Error).message] };
    }
  }

  conditions(): { rows: ConditionRow[]; seq: number } {
    // Pending changes go out first so the snapshot and the next batch line up at `seq`.
    this.flush();
    return { rows: [...this.rows.values()], seq: this.seq };
  }

  object(key: string): { yaml: string; history: ConditionHistoryEntry[]; exists: boolean } {
    const history = this.history.get(key) ?? [];
    const store = this.runner?.store;
    if (!store) return { yaml: '', history, exists: false };
    const { apiVersion, kind, namespace, name } = splitKey(key);
    const obj = store.tryGet({ ...parseApiVersion(apiVersion), kind }, namespace, name);
    return { yaml: obj ? toYaml(obj) : '', history, exists: !!obj };
  }

  dispose(): void {
    clearInterval(this.timer);
    this.unwatch?.();
    const r = this.runner;
    this.runner = undefined;
    this.state = 'stopped';
    if (r) void r.stop().catch(() => {});
  }

  private setState(state: ProdStatus['state']): void {
    this.state = state;
    this.emit('prod.status', this.status());
  }

  private onStoreEvent(ev: WatchEvent): void {
    const o = ev.object;
    if (!isUserObject(o, this.choreoKinds)) return;
    this.batchEvents++;
    const key = `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
    if (ev.type === 'DELETED') {
      this.rows.delete(key);
      this.dirty.delete(key);
      this.removed.add(key);
      return;
    }
    this.removed.delete(key);
    this.record(key, o);
    this.dirty.add(key);
  }

  /** Compares the object's conditions with its row and appends what changed to its history. */
  private record(key: string, o: KrmObject): void {
    const row = conditionRow(o);
    const before = this.rows.get(key);
    const now = Date.now();
    for (const [type, c] of Object.entries(row.conditions)) {
      const b = before?.conditions[type];
      if (b && b.status === c.status && b.reason === c.reason && b.message === c.message) continue;
      let h = this.history.get(key);
      if (!h) this.history.set(key, (h = []));
      h.push({ timeMs: now, type, status: c.status, reason: c.reason, message: c.message });
      if (h.length > this.historyMax) h.splice(0, h.length - this.historyMax);
    }
    this.rows.set(key, row);
  }

  private flush(): void {
    const now = Date.now();
    if (this.batchEvents) this.rate.push({ t: now, n: this.batchEvents });
    while (this.rate.length && this.rate[0]!.t < now - 1000) this.rate.shift();
    if (!this.dirty.size && !this.removed.size) {
      this.batchEvents = 0;
      // Nothing changed, but the events/s figure may have: tell the live indicator (it decays to 0).
      const perSecond = this.rate.reduce((s, x) => s + x.n, 0);
      if (perSecond !== this.lastPerSecond) {
        this.lastPerSecond = perSecond;
        this.emit('prod.conditionEvents', { seq: ++this.seq, rows: [], removed: [], events: 0, perSecond });
      }
      return;
    }
    const rows: ConditionRow[] = [];
    for (const k of this.dirty) {
      const r = this.rows.get(k);
      if (r) rows.push(r);
    }
    const removed = [...this.removed];
    this.dirty.clear();
    this.removed = new Set();
    this.seq++;
    const perSecond = this.rate.reduce((s, x) => s + x.n, 0);
    this.lastPerSecond = perSecond;
    this.emit('prod.conditionEvents', { seq: this.seq, rows, removed, events: this.batchEvents, perSecond });
    this.batchEvents = 0;
  }
}
