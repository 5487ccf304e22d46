// One prod-mode session of the host: the continuous runner (in its own thread, ../workers/runner-thread.ts,
// so a runaway reconciler never blocks the host), the live condition rows (the thread sends each changed
// row; changes go out batched so 10,000 resources do not flood the socket), each object's condition history
// this session, and the events-per-second figure the condition view shows. Rows and history live here, so
// they survive the runner: when its thread dies (out of memory, a stuck reconcile), the session stops with
// a message naming the reconciler and the object, and the user can start again.
import type { ConditionHistoryEntry, ConditionRow, ProdLeadership, ProdStatus } from '../../../src-shared/ipc/channels/engine.js';
import type { EventName, EventPayload } from '../../../src-shared/ipc/contract.js';
import type { ProjectFolders, ApplyInputResult, Leadership, ReconcileLimits } from '../../engine/index.js';
import type { RowChange, RunnerThreadEvent } from '../workers/runner-protocol.js';
import { LiveRunnerThread } from '../workers/runner-thread.js';

type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface ProdSessionOptions {
  /** Batch interval of prod.conditionEvents (default 100 ms). */
  batchMs?: number;
  /** History entries kept per object (default 50). */
  historyMax?: number;
  /** `server start -r`: run with the internal backends (engine/backends). */
  internalReconcilers?: boolean;
  /** `server start --apis …`: the project's folders (engine/files/folders.ts). */
  folders?: Partial<ProjectFolders>;
  /** `server start --max-steps/--reconcile-timeout`. */
  limits?: ReconcileLimits;
}

type Progress = (line: string, kind: 'progress' | 'warning' | 'print') => void;

export class ProdSession {
  private runner: LiveRunnerThread | undefined;
  private state: ProdStatus['state'] = 'stopped';
  private startedAtMs: number | undefined;
  private events = 0;
  private errors = 0;
  private lastSnapshotId: string | undefined;
  private message: string | undefined;
  /** Who leads, while a runner runs (ProdStatus.leadership). */
  private leadership: ProdLeadership | undefined;
  private readonly rows = new Map<string, ConditionRow>();
  private readonly history = new Map<string, ConditionHistoryEntry[]>();
  private readonly dirty = new Set<string>();
  /** Reconciler and library files saved since the runner started (ProdStatus.codeChanged). */
  private readonly codeChanged = new Set<string>();
  private removed = new Set<string>();
  private seq = 0;
  private lastPerSecond = 0;
  private batchEvents = 0;
  private readonly rate: Array<{ t: number; n: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly batchMs: number;
  private readonly historyMax: number;
  private readonly internalReconcilers: boolean | undefined;
  private readonly folders: Partial<ProjectFolders> | undefined;
  private readonly limits: ReconcileLimits | undefined;

  constructor(
    private readonly root: string,
    private readonly emit: Emit,
    opts: ProdSessionOptions = {},
  ) {
    this.internalReconcilers = opts.internalReconcilers;
    this.folders = opts.folders;
    this.limits = opts.limits;
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
      ...(this.codeChanged.size ? { codeChanged: [...this.codeChanged] } : {}),
      ...(this.leadership ? { leadership: this.leadership } : {}),
    };
  }

  get running(): boolean {
    return this.state === 'running' && !!this.runner;
  }

  async start(onProgress: Progress): Promise<ProdStatus> {
    if (this.state !== 'stopped') return this.status();
    this.setState('starting');
    this.rows.clear();
    this.history.clear();
    this.dirty.clear();
    this.removed.clear();
    this.codeChanged.clear();
    this.events = 0;
    this.errors = 0;
    this.message = undefined;
    this.leadership = undefined;
    let runner: LiveRunnerThread;
    try {
      runner = await LiveRunnerThread.start(
        { dir: this.root, internalReconcilers: this.internalReconcilers, limits: this.limits, folders: this.folders, rows: true },
        { onEvent: (e) => this.onRunnerEvent(e, onProgress), onRows: (rows) => this.onRows(rows) },
      );
    } catch (err) {
      this.message = (err as Error).message;
      this.setState('stopped');
      throw err;
    }
    this.runner = runner;
    // what the runner saw when its start answered; any leadership event before it is older
    this.leadership = prodLeadership(runner.leadership);
    void runner.died.then((why) => this.ended(runner, `Prod mode stopped: its runner ${why}. Fix the reconciler, then start prod mode again.`, onProgress));
    this.startedAtMs = Date.now();
    this.timer = setInterval(() => this.flush(), this.batchMs);
    this.setState('running');
    return this.status();
  }

  /** Stops the runner; it writes the session's snapshot. A runner that dies while stopping ends the session too. */
  async stop(): Promise<{ snapshotId?: string; success: boolean }> {
    const runner = this.runner;
    if (!runner || this.state !== 'running') return { success: false, ...(this.lastSnapshotId ? { snapshotId: this.lastSnapshotId } : {}) };
    this.setState('stopping');
    try {
      const { result, snapshotId } = await runner.stop();
      this.lastSnapshotId = snapshotId;
      this.ended(runner, undefined);
      return { success: result.success, ...(snapshotId ? { snapshotId } : {}) };
    } catch (err) {
      this.ended(runner, `Prod mode stopped without a snapshot: its runner ${(err as Error).message}.`);
      return { success: false };
    }
  }

  /**
   * A reconciler or library file was saved: the runner keeps the code it loaded, so the status says so at
   * once (the renderer offers a restart). Nothing to say when prod mode does not run.
   */
  noteCodeChanged(rel: string): void {
    if (!this.running || this.codeChanged.has(rel)) return;
    this.codeChanged.add(rel);
    this.emit('prod.status', this.status());
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

  /** Owner tree of the live store; undefined when prod mode does not run. */
  liveDeps(includeChoreoApis?: boolean) {
    return this.running ? this.runner!.deps(includeChoreoApis) : undefined;
  }

  /** One object of the live store as YAML (null: not there); undefined when prod mode does not run. */
  liveObjectYaml(key: string): Promise<string | null> | undefined {
    return this.running ? this.runner!.objectYaml(key) : undefined;
  }

  conditions(): { rows: ConditionRow[]; seq: number } {
    // Pending changes go out first so the snapshot and the next batch line up at `seq`.
    this.flush();
    return { rows: [...this.rows.values()], seq: this.seq };
  }

  async object(key: string): Promise<{ yaml: string; history: ConditionHistoryEntry[]; exists: boolean }> {
    const history = this.history.get(key) ?? [];
    const yaml = (await this.liveObjectYaml(key)?.catch(() => null)) ?? null;
    return { yaml: yaml ?? '', history, exists: yaml !== null };
  }

  dispose(): void {
    const r = this.runner;
    this.ended(r, undefined);
    if (r) void r.stop().catch(() => {});
  }

  private setState(state: ProdStatus['state']): void {
    this.state = state;
    this.emit('prod.status', this.status());
  }

  private onRunnerEvent(e: RunnerThreadEvent, onProgress: Progress): void {
    if (e.type === 'progress') onProgress(e.line, 'progress');
    else if (e.type === 'warning') onProgress(e.line, 'warning');
    else if (e.type === 'print') onProgress(`${e.file}: ${e.line}`, 'print');
    else if (e.type === 'reconcile') {
      // The events/s figure counts reconciles, so it moves while the runner works even when no condition changes.
      this.events++;
      this.batchEvents++;
    }
    else if (e.type === 'leadership') {
      // A failover (this instance elected, or another runner now leading) shows at once; a stopping
      // runner's last word ('stopped') is not news: the session's state says it.
      if (e.leadership.role === 'stopped') return;
      this.leadership = prodLeadership(e.leadership);
      this.emit('prod.status', this.status());
    }
    else if (e.type === 'error') {
      this.errors++;
      onProgress(`${e.error.position ? `${e.error.position.file}:${e.error.position.line}: ` : ''}${e.error.message}`, 'warning');
    }
  }

  private onRows(changes: RowChange[]): void {
    for (const { key, row } of changes) {
      if (!row) {
        this.rows.delete(key);
        this.dirty.delete(key);
        this.removed.add(key);
        continue;
      }
      this.removed.delete(key);
      this.record(key, row);
      this.dirty.add(key);
    }
  }

  /**
   * The session of `runner` is over: it stopped (no message) or its thread died (why, also shown as a
   * warning line). Pending rows go out; the live view keeps them. Does nothing for an older runner.
   */
  private ended(runner: LiveRunnerThread | undefined, message: string | undefined, onProgress?: Progress): void {
    if (!runner || this.runner !== runner) return;
    this.runner = undefined;
    this.leadership = undefined;
    this.flush();
    clearInterval(this.timer);
    if (message) {
      this.message = message;
      this.errors++;
      onProgress?.(message, 'warning');
    }
    this.setState('stopped');
  }

  /** Compares the object's new row with its last one and appends what changed to its history. */
  private record(key: string, row: ConditionRow): void {
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

/** The renderer's view of who leads: the etcd runner's own words, or `standalone` on the file store (no election). */
function prodLeadership(l: Leadership | undefined): ProdLeadership {
  if (!l) return { store: 'file', role: 'standalone' };
  return {
    store: l.store,
    role: l.role === 'leader' ? 'leader' : 'follower',
    identity: l.identity,
    ...(l.leader && { leader: l.leader }),
    ...(l.candidates && { candidates: l.candidates }),
  };
}
