// The project controller against a fake host: adopting what the host has open, opening folders, and
// catching up after a reconnect.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useProject } from '../../state/project';
import { freshWorkspace, type FakeHost } from '../../testing/fake-project-host';
import { openFile } from '../editor/editor-controller';
import { useEditor } from '../editor/editor-store';
import { memoryTextModels } from '../editor/text-models';
import { openProject, pickFolder, removeRecent, resyncAfterReconnect } from './project-controller';

let host: FakeHost;
let models: ReturnType<typeof memoryTextModels>;
let stop: () => void;

beforeEach(async () => {
  ({ host, models, stop } = await freshWorkspace());
});
afterEach(() => stop());

describe('project controller', () => {
  it('adopts the project the host has open, with its tree and recent list', () => {
    const p = useProject.getState();
    expect(p.status).toBe('open');
    expect(p.info?.root).toBe('/projects/greeting');
    expect(p.tree?.children?.map((c) => c.path)).toContain('in/a.yaml');
    expect(p.recent).toHaveLength(1);
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

  it('removes a folder from the recent list through the host', async () => {
    host.recent = [...host.recent, { root: '/gone', name: 'gone', openedAt: '2026-01-02T00:00:00Z', missing: true }];
    await removeRecent('/gone');
    expect(useProject.getState().recent.map((r) => r.root)).toEqual(['/projects/greeting']);
    expect(host.recent.map((r) => r.root)).toEqual(['/projects/greeting']);
  });
});
