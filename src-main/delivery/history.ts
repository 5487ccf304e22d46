// The execution history: `.choreo/history/executions.jsonl` (append-only: one `start` line and one `end`
// line per execution) and one log file per execution in `.choreo/history/logs/<id>.log`. It survives
// restarts (an execution that started but never ended in a previous process reads back as `interrupted`)
// and is bounded by a retention in days (older records and logs are dropped by `prune`, which rewrites the
// file atomically). Every line written goes through the redactor first.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic, withFileLock } from '../engine/index.js';
import { newId, type DeliveryPaths } from './layout.js';
import { redactJson } from './redact.js';
import type { Execution, ExecutionKind, ExecutionStatus, PublishedCommit, Trigger } from './types.js';

type Line =
  | { op: 'start'; execution: Execution }
  | { op: 'end'; id: string; status: ExecutionStatus; durationMs: number; summary?: string } & EndExtra;

/** What an execution learns by its end: the build and deployment it made, the GitOps commit it published. */
export interface EndExtra {
  buildId?: string;
  deploymentId?: string;
  published?: PublishedCommit;
}

export interface HistoryFilter {
  env?: string;
  kind?: ExecutionKind;
  status?: ExecutionStatus;
  /** Only executions started in the last N days. */
  sinceDays?: number;
  limit?: number;
}

export interface StartExecution {
  kind: ExecutionKind;
  trigger: Trigger;
  env?: string;
  commit?: string;
  dirty?: boolean;
  buildId?: string;
  deploymentId?: string;
  parentId?: string;
}

/** A running execution: write log lines, then end it once. */
export interface ExecutionHandle {
  readonly execution: Execution;
  log(line: string): void;
  end(status: ExecutionStatus, summary?: string, extra?: EndExtra): Promise<Execution>;
}

const DAY = 86_400_000;

export class History {
  /** Executions running in this process. */
  private readonly running = new Map<string, Execution>();
  private queue: Promise<void> = Promise.resolve();
  /** Log lines not yet written, per execution: busy runners log a lot, so lines are written in batches. */
  private readonly pendingLogs = new Map<string, string[]>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly paths: DeliveryPaths,
    private readonly redact: () => (s: string) => string,
    private readonly onChange: (e: Execution) => void = () => {},
    private readonly onLog: (id: string, line: string) => void = () => {},
  ) {}

  async start(s: StartExecution): Promise<ExecutionHandle> {
    const execution: Execution = {
      id: newId('x'),
      kind: s.kind,
      trigger: s.trigger,
      ...(s.env ? { env: s.env } : {}),
      ...(s.commit ? { commit: s.commit } : {}),
      dirty: s.dirty ?? false,
      startedAt: new Date().toISOString(),
      status: 'running',
      ...(s.buildId ? { buildId: s.buildId } : {}),
      ...(s.deploymentId ? { deploymentId: s.deploymentId } : {}),
      ...(s.parentId ? { parentId: s.parentId } : {}),
    };
    this.running.set(execution.id, execution);
    await this.append({ op: 'start', execution });
    this.onChange({ ...execution });
    let ended = false;
    const started = Date.now();
    return {
      execution,
      log: (line: string) => {
        const clean = this.redact()(line);
        this.onLog(execution.id, clean);
        const stamp = new Date().toISOString();
        const list = this.pendingLogs.get(execution.id) ?? [];
        list.push(`${stamp} ${clean}\n`);
        this.pendingLogs.set(execution.id, list);
        this.flushTimer ??= setTimeout(() => this.flushLogs(), 100);
      },
      end: async (status, summary, extra = {}) => {
        if (ended) return { ...execution };
        ended = true;
        this.flushLogs();
        execution.status = status;
        execution.durationMs = Date.now() - started;
        if (summary !== undefined) execution.summary = this.redact()(summary);
        if (extra.buildId) execution.buildId = extra.buildId;
        if (extra.deploymentId) execution.deploymentId = extra.deploymentId;
        if (extra.published) execution.published = extra.published;
        await this.append({
          op: 'end',
          id: execution.id,
          status,
          durationMs: execution.durationMs,
          ...(execution.summary !== undefined ? { summary: execution.summary } : {}),
          ...extra,
        });
        this.running.delete(execution.id);
        this.onChange({ ...execution });
        return { ...execution };
      },
    };
  }

  /** Records an execution that already ran elsewhere (a dev run of the engine), with its whole log. */
  async record(execution: Omit<Execution, 'id'>, log: string): Promise<Execution> {
    const e: Execution = { ...execution, id: newId('x') };
    const clean = this.redact()(log);
    await this.append({ op: 'start', execution: { ...e, status: 'running' } });
    await this.enqueue(async () => {
      await fs.mkdir(this.paths.logs, { recursive: true });
      await fs.writeFile(path.join(this.paths.logs, `${e.id}.log`), clean.endsWith('\n') || !clean ? clean : clean + '\n');
    });
    await this.append({ op: 'end', id: e.id, status: e.status, durationMs: e.durationMs ?? 0, ...(e.summary !== undefined ? { summary: this.redact()(e.summary) } : {}) });
    this.onChange({ ...e });
    return e;
  }

  /** Writes the buffered log lines (in order, through the write queue). */
  private flushLogs(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const [id, lines] of this.pendingLogs) {
      this.pendingLogs.delete(id);
      const text = lines.join('');
      this.enqueue(async () => {
        await fs.mkdir(this.paths.logs, { recursive: true });
        await fs.appendFile(path.join(this.paths.logs, `${id}.log`), text);
      });
    }
  }

  /** Executions newest first, filtered. */
  async list(filter: HistoryFilter = {}): Promise<Execution[]> {
    this.flushLogs();
    await this.queue;
    const all = await this.readAll();
    const since = filter.sinceDays !== undefined ? Date.now() - filter.sinceDays * DAY : undefined;
    let out = all.filter(
      (e) =>
        (!filter.env || e.env === filter.env) &&
        (!filter.kind || e.kind === filter.kind) &&
        (!filter.status || e.status === filter.status) &&
        (since === undefined || Date.parse(e.startedAt) >= since),
    );
    out = out.sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : a.id < b.id ? 1 : -1));
    return filter.limit ? out.slice(0, filter.limit) : out;
  }

  runningNow(): Execution[] {
    return [...this.running.values()].map((e) => ({ ...e }));
  }

  async get(id: string): Promise<Execution | undefined> {
    const all = await this.list();
    return all.find((e) => e.id === id) ?? (all.filter((e) => e.id.startsWith(id)).length === 1 ? all.find((e) => e.id.startsWith(id)) : undefined);
  }

  async count(sinceDays: number): Promise<number> {
    return (await this.list({ sinceDays })).length;
  }

  async logs(id: string): Promise<string> {
    this.flushLogs();
    await this.queue;
    return fs.readFile(path.join(this.paths.logs, `${id}.log`), 'utf8').catch(() => '');
  }

  /** Drops executions that started more than `days` ago, and their logs. Returns how many were dropped. */
  async prune(days: number): Promise<number> {
    await this.queue;
    const cutoff = Date.now() - days * DAY;
    const lines = await this.readLines();
    const old = new Set<string>();
    for (const l of lines) if (l.op === 'start' && Date.parse(l.execution.startedAt) < cutoff && !this.running.has(l.execution.id)) old.add(l.execution.id);
    if (!old.size) return 0;
    await this.enqueue(() =>
      // Under the file's cross-process lock, re-read: lines another process appended meanwhile are kept.
      withFileLock(this.paths.historyFile, async () => {
        const current = (await this.readLines()).filter((l) => !old.has(l.op === 'start' ? l.execution.id : l.id));
        await fs.mkdir(this.paths.history, { recursive: true });
        await writeFileAtomic(this.paths.historyFile, current.map((l) => JSON.stringify(l) + '\n').join(''), { syncFolder: true });
        for (const id of old) await fs.rm(path.join(this.paths.logs, `${id}.log`), { force: true });
      }),
    );
    return old.size;
  }

  private async readLines(): Promise<Line[]> {
    const text = await fs.readFile(this.paths.historyFile, 'utf8').catch(() => '');
    const out: Line[] = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        out.push(JSON.parse(raw) as Line);
      } catch {
        // a torn last line after a crash: skip it
      }
    }
    return out;
  }

  private async readAll(): Promise<Execution[]> {
    const byId = new Map<string, Execution>();
    for (const l of await this.readLines()) {
      if (l.op === 'start') byId.set(l.execution.id, { ...l.execution });
      else {
        const e = byId.get(l.id);
        if (!e) continue;
        e.status = l.status;
        e.durationMs = l.durationMs;
        if (l.summary !== undefined) e.summary = l.summary;
        if (l.buildId) e.buildId = l.buildId;
        if (l.deploymentId) e.deploymentId = l.deploymentId;
        if (l.published) e.published = l.published;
      }
    }
    for (const e of byId.values()) if (e.status === 'running' && !this.running.has(e.id)) e.status = 'interrupted';
    return [...byId.values()];
  }

  private append(line: Line): Promise<void> {
    const text = JSON.stringify(redactJson(line, this.redact())) + '\n';
    // Append-only (O_APPEND), under the lock so a prune in another process cannot drop the line.
    return this.enqueue(() =>
      withFileLock(this.paths.historyFile, async () => {
        await fs.mkdir(this.paths.history, { recursive: true });
        await fs.appendFile(this.paths.historyFile, text);
      }),
    );
  }

  /** Serialises file writes so lines never interleave and `list` sees everything written before it. */
  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => {});
    return next;
  }
}
