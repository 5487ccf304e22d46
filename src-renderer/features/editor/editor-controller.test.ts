// The workspace's save / reload / conflict / backup logic against a fake host (in memory, same
// contract and error codes as the real one) and in-memory text models.
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, ChannelName, EventName, EventPayload, FileNode, Request, Response } from '../../../src-shared/ipc/contract';
import { memoryTextModels } from './text-models';
import { useDialog } from '../../kit/dialog';
import { useEditor } from './editor-store';
import { useNotices } from '../../state/notices';
import { useProject } from '../../state/project';
import { closeFile, openFile, openProject, pickFolder, reloadFromDisk, resyncAfterReconnect, saveFile, startWorkspace } from './editor-controller';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A fake host: one project of in-memory files; events are delivered synchronously. */
class FakeHost implements ApiClient {
  files = new Map<string, string>();
  writes: Request<'file.write'>[] = [];
  listeners = new Map<string, Set<(p: unknown) => void>>();
  root = '/projects/greeting';
  open = true;

  async invoke<C extends ChannelName>(channel: C, req: Request<C>): Promise<Response<C>> {
    const r = req as Record<string, unknown>;
    const out = (v: unknown) => v as Response<C>;
    switch (channel) {
      case 'app.info':
        return out({ version: '0.1.0', transport: 'websocket', platform: 'linux' });
      case 'project.current':
        return out(this.open ? { root: this.root, name: 'greeting', isGitRepo: false } : null);
      case 'project.recent':
        return out([{ root: this.root, name: 'greeting', openedAt: '2026-01-01T00:00:00Z' }]);
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

function memoryStorage() {
  const m = new Map<string, string>();
  return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

/** Lets pending promise chains (event handlers that read the disk) settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));
/** Waits (up to 3 s) for a condition the workspace reaches asynchronously, e.g. after its backup debounce. */
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

let host: FakeHost;
let models: ReturnType<typeof memoryTextModels>;
let storage: ReturnType<typeof memoryStorage>;
let stop: () => void;

beforeEach(async () => {
  host = new FakeHost();
  host.files.set('in/a.yaml', 'a: 1\n');
  host.files.set('reconcilers/r.star', 'def reconcile(self):\n    pass\n');
  models = memoryTextModels();
  storage = memoryStorage();
  useEditor.getState().closeAll();
  useNotices.setState({ notices: [] });
  useDialog.setState({ queue: [] });
  stop = await startWorkspace(host, { models, storage });
});
afterEach(() => stop());

describe('workspace', () => {
  it('adopts the project the host has open, with its tree and recent list', () => {
    const p = useProject.getState();
    expect(p.status).toBe('open');
    expect(p.info?.root).toBe('/projects/greeting');
    expect(p.tree?.children?.map((c) => c.path)).toContain('in/a.yaml');
    expect(p.recent).toHaveLength(1);
  });

  it('saves with the hash it read, and marks the buffer clean', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'a: 2\n');
    expect(useEditor.getState().buffers['in/a.yaml'].dirty).toBe(true);
    expect(await saveFile('in/a.yaml')).toBe(true);
    expect(host.files.get('in/a.yaml')).toBe('a: 2\n');
    expect(host.writes[0].expectedHash).toBe(sha('a: 1\n'));
    expect(useEditor.getState().buffers['in/a.yaml']).toMatchObject({ dirty: false, savedHash: sha('a: 2\n') });
  });

  it('a refused save asks; Overwrite writes without the expected hash', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'mine\n');
    host.files.set('in/a.yaml', 'theirs\n'); // changed without an event (e.g. the watcher missed it)
    expect(await saveFile('in/a.yaml')).toBe(false);
    await until(() => useDialog.getState().queue.length === 1);
    expect(useDialog.getState().queue[0].title).toMatch(/changed on disk/);
    expect(useEditor.getState().buffers['in/a.yaml'].conflict).toBe('save-rejected');
    useDialog.getState().answer('overwrite');
    await until(() => host.files.get('in/a.yaml') === 'mine\n');
    expect(host.writes.at(-1)!.expectedHash).toBeUndefined();
    await until(() => useEditor.getState().buffers['in/a.yaml'].conflict === null);
  });

  it('a clean buffer reloads on an external change; the echo of our own save changes nothing', async () => {
    await openFile('in/a.yaml');
    host.externalWrite('in/a.yaml', 'a: 3\n');
    await until(() => models.getText('in/a.yaml') === 'a: 3\n');
    expect(useEditor.getState().buffers['in/a.yaml'].dirty).toBe(false);

    models.edit('in/a.yaml', 'a: 4\n');
    await saveFile('in/a.yaml');
    const reads = host.writes.length;
    host.emit('file.changed', { path: 'in/a.yaml', kind: 'changed', hash: sha('a: 4\n') });
    await settle();
    expect(useDialog.getState().queue).toHaveLength(0);
    expect(host.writes.length).toBe(reads);
  });

  it('a dirty buffer asks on an external change; Reload takes the disk version, Compare later keeps mine', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'mine\n');
    host.externalWrite('in/a.yaml', 'theirs\n');
    await until(() => useDialog.getState().queue.length === 1);
    useDialog.getState().answer('later');
    await until(() => useEditor.getState().buffers['in/a.yaml'].conflict === 'changed-on-disk');
    expect(models.getText('in/a.yaml')).toBe('mine\n');

    host.externalWrite('in/a.yaml', 'theirs again\n');
    await until(() => useDialog.getState().queue.length === 1);
    useDialog.getState().answer('reload');
    await until(() => models.getText('in/a.yaml') === 'theirs again\n');
    expect(useEditor.getState().buffers['in/a.yaml']).toMatchObject({ dirty: false, conflict: null });
  });

  it('marks a deleted file and keeps the buffer', async () => {
    await openFile('in/a.yaml');
    host.files.delete('in/a.yaml');
    host.emit('file.changed', { path: 'in/a.yaml', kind: 'deleted' });
    await until(() => useEditor.getState().buffers['in/a.yaml'].conflict === 'deleted');
    expect(await saveFile('in/a.yaml')).toBe(true);
    expect(host.files.get('in/a.yaml')).toBe('a: 1\n');
  });

  it('closing a dirty tab asks; Cancel keeps it, Don\'t save drops it', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'x\n');
    const closing = closeFile('in/a.yaml');
    await until(() => useDialog.getState().queue.length === 1);
    useDialog.getState().answer('cancel');
    await closing;
    expect(useEditor.getState().order).toEqual(['in/a.yaml']);
    const closing2 = closeFile('in/a.yaml');
    await until(() => useDialog.getState().queue.length === 1);
    useDialog.getState().answer('discard');
    await closing2;
    expect(useEditor.getState().order).toEqual([]);
    expect(models.has('in/a.yaml')).toBe(false);
  });

  it('Reload from Disk drops edits', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'x\n');
    await reloadFromDisk('in/a.yaml');
    expect(models.getText('in/a.yaml')).toBe('a: 1\n');
    expect(useEditor.getState().buffers['in/a.yaml'].dirty).toBe(false);
  });

  it('backs up unsaved edits and restores them when the project opens again', async () => {
    await openFile('in/a.yaml');
    models.edit('in/a.yaml', 'unsaved\n');
    await until(() => [...storage.m.keys()].some((k) => k.startsWith('choreo.backups:')));
    stop();

    // A new session (after a crash or reload): fresh models, same storage.
    useEditor.getState().closeAll();
    models = memoryTextModels();
    stop = await startWorkspace(host, { models, storage });
    expect(useEditor.getState().order).toEqual(['in/a.yaml']);
    expect(models.getText('in/a.yaml')).toBe('unsaved\n');
    expect(useEditor.getState().buffers['in/a.yaml'].dirty).toBe(true);
    expect(useNotices.getState().notices.at(-1)?.message).toMatch(/Restored unsaved changes in 1 file/);

    await saveFile('in/a.yaml');
    expect([...storage.m.keys()].some((k) => k.startsWith('choreo.backups:'))).toBe(false);
  });

  it('reopens last session\'s tabs in order with the same active tab; vanished files are skipped quietly', async () => {
    await openFile('in/a.yaml');
    await openFile('reconcilers/r.star');
    useEditor.getState().activate('in/a.yaml');
    stop();
    host.files.delete('reconcilers/r.star');
    host.files.set('in/b.yaml', 'b: 1\n');
    useEditor.getState().closeAll();
    models = memoryTextModels();
    useNotices.setState({ notices: [] });
    stop = await startWorkspace(host, { models, storage });
    expect(useEditor.getState().order).toEqual(['in/a.yaml']);
    expect(useEditor.getState().active).toBe('in/a.yaml');
    expect(useNotices.getState().notices).toEqual([]);
  });

  it('a restored backup whose base changed on disk is flagged as a conflict', async () => {
    storage.setItem(
      'choreo.backups:/projects/greeting',
      JSON.stringify({ 'in/a.yaml': { baseHash: sha('old base\n'), content: 'mine\n', savedAt: '2026-01-01T00:00:00Z' } }),
    );
    stop();
    useEditor.getState().closeAll();
    models = memoryTextModels();
    stop = await startWorkspace(host, { models, storage });
    expect(useEditor.getState().buffers['in/a.yaml']).toMatchObject({ dirty: true, conflict: 'changed-on-disk' });
  });

  it('after a reconnect: reopens the project on a restarted host and catches up with missed changes', async () => {
    await openFile('in/a.yaml');
    await openFile('reconcilers/r.star');
    models.edit('reconcilers/r.star', 'mine\n');
    // The server restarted with nothing open, and files changed while we were away (no events).
    host.open = false;
    host.files.set('in/a.yaml', 'a: changed meanwhile\n');
    await resyncAfterReconnect();
    expect(host.open).toBe(true);
    expect(models.getText('in/a.yaml')).toBe('a: changed meanwhile\n');
    expect(models.getText('reconcilers/r.star')).toBe('mine\n');
    expect(useEditor.getState().buffers['reconcilers/r.star'].dirty).toBe(true);
  });

  it('open folder: a wrong path shows the host\'s message; Browse reports browser mode', async () => {
    expect(await openProject('/nope')).toBe(false);
    expect(useProject.getState().error).toMatch(/does not exist/);
    expect(useProject.getState().status).toBe('open');
    expect(await openProject('  ')).toBe(false);
    expect(useProject.getState().error).toMatch(/Type the path/);
    expect(await pickFolder()).toEqual({ root: null, unavailable: true });
  });
});
