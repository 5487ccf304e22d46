// The editor controller's save / reload / conflict / backup / session logic against a fake host (in
// memory, same contract and error codes as the real one) and in-memory text models, started the way the
// app starts it: through the project controller.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useDialog } from '../../kit/dialog';
import { useNotices } from '../../state/notices';
import { freshWorkspace, memoryStorage, type FakeHost, settle, sha, until } from '../../testing/fake-project-host';
import { startWorkspace } from '../project/project-controller';
import { closeFile, openFile, reloadFromDisk, saveFile } from './editor-controller';
import { useEditor } from './editor-store';
import { memoryTextModels } from './text-models';

let host: FakeHost;
let models: ReturnType<typeof memoryTextModels>;
let storage: ReturnType<typeof memoryStorage>;
let stop: () => void;

beforeEach(async () => {
  ({ host, models, storage, stop } = await freshWorkspace());
});
afterEach(() => stop());

describe('editor controller', () => {
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
    stop = await startWorkspace({ models, storage });
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
    stop = await startWorkspace({ models, storage });
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
    stop = await startWorkspace({ models, storage });
    expect(useEditor.getState().buffers['in/a.yaml']).toMatchObject({ dirty: true, conflict: 'changed-on-disk' });
  });
});
