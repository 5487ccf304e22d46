import { afterEach, describe, expect, it } from 'vitest';
import { tempProjects } from '../../testing/temp-projects.js';
import { manualClock, sequentialUids } from '../store/clock.js';
import { createApiStore } from '../store/store.js';
import { checkFolderOverrides, DEFAULT_FOLDERS, FolderOptionError, normaliseFolder, resolveFolders } from '../files/folders.js';
import { loadProject } from './load.js';
import { memoryFs } from './source-fs.js';
import { testCrdYaml } from '../../testing/crd-yaml.js';

const projects = tempProjects('choreo-folders-');
afterEach(() => projects.cleanup());

const crd = testCrdYaml({ kind: 'Widget', plural: 'widgets', properties: { spec: '{type: object, properties: {size: {type: integer}}}' } });
const widget = `apiVersion: example.com/v1alpha1
kind: Widget
metadata: {name: w1, namespace: default}
spec: {size: 3}
`;
const opts = () => ({ store: createApiStore({ clock: manualClock('2024-10-01T00:00:00Z'), newUid: sequentialUids() }) });

describe('project folders', () => {
  it('reads apis/ when a package has no crds/ (the layout before v0.0.9)', async () => {
    expect(await resolveFolders(memoryFs({ 'apis/x.yaml': '' }))).toEqual({ ...DEFAULT_FOLDERS, apis: 'apis' });
    expect((await resolveFolders(memoryFs({ 'apis/x.yaml': '', 'crds/y.yaml': '' }))).apis).toBe('crds');
    expect((await resolveFolders(memoryFs({ 'in/x.yaml': '' }))).apis).toBe('crds');
  });

  it('takes the folder options as given, normalised', async () => {
    const f = await resolveFolders(memoryFs({ 'apis/x.yaml': '' }), { apis: './defs/', input: 'data/in', libraries: 'lib' });
    expect(f).toEqual({ apis: 'defs', input: 'data/in', refs: 'refs', reconcilers: 'reconcilers', libraries: 'lib' });
  });

  it('refuses folders outside the project, naming the option', () => {
    expect(() => normaliseFolder('--apis', '../other')).toThrow(/--apis \.\.\/other: the folder must be inside the project/);
    expect(() => normaliseFolder('--input', '/etc')).toThrow(/--input \/etc: give a folder relative to the project/);
    expect(() => normaliseFolder('--refs', '.')).toThrow(/not the project itself/);
    expect(() => normaliseFolder('--refs', '')).toThrow(FolderOptionError);
    expect(() => checkFolderOverrides({ libraries: 'a/../../b' })).toThrow(/--libraries/);
  });

  it('loads a project whose CRDs live in apis/', async () => {
    const dir = projects.withFiles({ 'apis/example.com_widgets.yaml': crd, 'in/w1.yaml': widget });
    const p = await loadProject(dir, opts());
    expect(p.apis.map((a) => a.resource)).toContain('widgets');
    expect(p.store.get('widgets.example.com', 'default', 'w1').spec).toEqual({ size: 3 });
  });

  it('loads from the folders given as options', async () => {
    const dir = projects.withFiles({ 'defs/example.com_widgets.yaml': crd, 'data/w1.yaml': widget, 'in/ignored.yaml': 'not: [yaml' });
    const p = await loadProject(dir, { ...opts(), folders: { apis: 'defs', input: 'data' } });
    expect(p.inputs.map((i) => i.origin.file)).toEqual(['defs/example.com_widgets.yaml', 'data/w1.yaml']);
  });
});
