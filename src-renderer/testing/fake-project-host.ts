// A fake host for the workspace's controllers (project and editor): one project of in-memory files, the
// same contract and error codes as the real host, events delivered synchronously. Test-only.
import { expect } from 'vitest';
import type { ChannelName, EventName, EventPayload, FileNode, Request, Response } from '../../src-shared/ipc/contract';
import { setApiClient, type Client } from '../api';
import { memoryTextModels } from '../features/editor/text-models';
import { useEditor } from '../features/editor/editor-store';
import { startWorkspace } from '../features/project/project-controller';
import { useDialog } from '../kit/dialog';
import { useNotices } from '../state/notices';

/**
 * The fake host's content hash. The renderer only compares hashes the host gave it, so any stable hash
 * serves; this one (FNV-1a) needs no Node module, keeping renderer code and its tests free of Node.
 */
export function sha(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A fake host: one project of in-memory files; events are delivered synchronously. */
export class FakeHost implements Client {
  readonly transport = 'websocket' as const;
  files = new Map<string, string>();
  writes: Request<'file.write'>[] = [];
  listeners = new Map<string, Set<(p: unknown) => void>>();
  root = '/projects/greeting';
  open = true;
  recent: Response<'project.recent'> = [{ root: this.root, name: 'greeting', openedAt: '2026-01-01T00:00:00Z' }];

  async invoke<C extends ChannelName>(channel: C, req: Request<C>): Promise<Response<C>> {
    const r = req as Record<string, unknown>;
    const out = (v: unknown) => v as Response<C>;
    switch (channel) {
      case 'app.info':
        return out({ version: '0.1.0', transport: 'websocket', platform: 'linux' });
      case 'project.current':
        return out(this.open ? { root: this.root, name: 'greeting', isGitRepo: false } : null);
      case 'project.recent':
        return out(this.recent);
      case 'project.recent.remove':
        this.recent = this.recent.filter((p) => p.root !== r.root);
        return out(this.recent);
      case 'project.open':
        if (r.root !== this.root) throw new HostError('not-found', `Folder "${String(r.root)}" does not exist. Check the path and try again.`);
        this.open = true;
        return out({ root: this.root, name: 'greeting', isGitRepo: false });
      case 'project.pickFolder':
        throw new HostError('unavailable', 'No native folder picker in browser mode.');
      case 'project.tree':
        return out(this.tree());
      case 'file.read': {
        const content = this.files.get(String(r.path));
        if (content === undefined) throw new HostError('not-found', `${String(r.path)} does not exist.`);
        return out({ path: r.path, content, hash: sha(content) });
      }
      case 'file.write': {
        const w = req as Request<'file.write'>;
        this.writes.push(w);
        const cur = this.files.get(w.path);
        if (w.expectedHash !== undefined && cur !== undefined && sha(cur) !== w.expectedHash) {
          throw new HostError('conflict', `${w.path} changed on disk since it was read.`);
        }
        this.files.set(w.path, w.content);
        return out({ hash: sha(w.content) });
      }
    }
    throw new HostError('unknown-channel', channel);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (p: unknown) => void);
    return () => set.delete(listener as (p: unknown) => void);
  }

  /** Another program writes a file; the watcher reports it. */
  externalWrite(path: string, content: string) {
    this.files.set(path, content);
    this.emit('file.changed', { path, kind: 'changed', hash: sha(content) });
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>) {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  tree(): FileNode {
    return {
      name: 'greeting',
      path: '',
      kind: 'dir',
      role: 'other',
      children: [...this.files.keys()].map((p) => ({ name: p, path: p, kind: 'file' as const, role: 'other' as const })),
    };
  }
}

export function memoryStorage() {
  const m = new Map<string, string>();
  return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

/** Lets pending promise chains (event handlers that read the disk) settle. */
export const settle = () => new Promise((r) => setTimeout(r, 0));
/** Waits (up to 3 s) for a condition the workspace reaches asynchronously, e.g. after its backup debounce. */
export const until = async (cond: () => boolean) => {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};


/** What a test drives: the fake host, the text models, the storage, and the stop function. */
export interface FakeWorkspace {
  host: FakeHost;
  models: ReturnType<typeof memoryTextModels>;
  storage: ReturnType<typeof memoryStorage>;
  stop: () => void;
}

/** Empty stores, a new fake host with in/a.yaml and reconcilers/r.star, and the workspace started on it. */
export async function freshWorkspace(): Promise<FakeWorkspace> {
  const host = new FakeHost();
  host.files.set('in/a.yaml', 'a: 1\n');
  host.files.set('reconcilers/r.star', 'def reconcile(self):\n    pass\n');
  const models = memoryTextModels();
  const storage = memoryStorage();
  useEditor.getState().closeAll();
  useNotices.setState({ notices: [] });
  useDialog.setState({ queue: [] });
  setApiClient(host);
  const stop = await startWorkspace({ models, storage });
  return { host, models, storage, stop };
}
