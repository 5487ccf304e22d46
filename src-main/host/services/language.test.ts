// The language and graph channels through the host's handlers, on a temp copy of the kubenet project, with
// the real Starlark worker thread: answers, path confinement, refusals as errors with a reason, and a
// project re-read when a file changes on disk.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { languageChannels } from '../../../src-shared/ipc/channels/language.js';
import { haveSharedKubenet, sharedKubenetDir, tempProjects } from '../../testing/temp-projects.js';
import { HostError, type HostContext } from '../handlers.js';
import { disposeEngineService } from './engine.js';
import { graphHandlers, languageHandlers } from './language.js';

const REC = 'reconcilers/infra.kuid.dev.nodes.bgp.star';

describe.skipIf(!haveSharedKubenet)('language and graph channels (kubenet, real worker)', () => {
  const projects = tempProjects('language-channels-');
  let dir: string;
  let ctx: HostContext;
  let text: string;

  beforeAll(() => {
    dir = projects.copyOf(path.join(sharedKubenetDir, 'combined'), { without: ['db'] });
    ctx = { projectRoot: () => dir, emit: () => {}, appDataDir: dir, folders: {} };
    text = readFileSync(path.join(dir, REC), 'utf8');
  });
  afterAll(async () => {
    await disposeEngineService(ctx);
    projects.cleanup();
  });

  const call = <K extends keyof typeof languageHandlers>(name: K, req: unknown) => {
    const parsed = languageChannels[name].request.parse(req);
    return (languageHandlers[name] as (r: unknown, c: HostContext) => Promise<any>)(parsed, ctx);
  };
  const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const col = (needle: string) => text.split('\n')[line(needle) - 1]!.indexOf(needle) + 1;

  it('answers hover and definition across load() from the worker', async () => {
    const hover = await call('starlark.hover', { file: REC, text, line: line('getPartition(self)'), col: col('getPartition(self)') });
    expect(hover.hover.markdown).toContain('def getPartition(self)');
    const def = await call('starlark.definition', { file: REC, text, line: line('getPartition(self)'), col: col('getPartition(self)') });
    expect(def.locations[0].file).toBe('libs/infra.kuid.dev.nodes.star');
  });

  it('refuses files outside the project, for the file and for the buffers', async () => {
    await expect(call('starlark.hover', { file: '../outside.star', text, line: 1, col: 1 })).rejects.toMatchObject({ code: 'path-escape' });
    await expect(call('starlark.symbols', { file: '/etc/passwd', text: '' })).rejects.toBeInstanceOf(HostError);
    await expect(call('starlark.completion', { file: REC, text, line: 1, col: 1, buffers: [{ file: 'libs/../../x.star', text: '' }] })).rejects.toMatchObject({ code: 'path-escape' });
  });

  it('says why a rename cannot be done: a reason from prepareRename, invalid-request from rename', async () => {
    const at = { file: REC, text, line: line('client_create('), col: col('client_create(') };
    expect(await call('starlark.prepareRename', at)).toEqual({ reason: expect.stringContaining('host builtin') });
    await expect(call('starlark.rename', { ...at, newName: 'x' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('builtins cannot be renamed') });
  });

  it('reads the project again when a library changes on disk', async () => {
    const lib = path.join(dir, 'libs/infra.kuid.dev.nodes.star');
    const at = { file: REC, text, line: line('getPartition(self)'), col: col('getPartition(self)') };
    const before = (await call('starlark.definition', at)).locations[0].line;
    writeFileSync(lib, '# moved down\n\n' + readFileSync(lib, 'utf8'));
    const after = (await call('starlark.definition', at)).locations[0].line;
    expect(after).toBe(before + 2);
  });

  it('builds the project graph: every CRD and reconciler, for/owns/watches and load edges', async () => {
    const g = await (graphHandlers['graph.project'] as (r: unknown, c: HostContext) => Promise<any>)({}, ctx);
    const count = (k: string) => g.nodes.filter((n: { kind: string }) => n.kind === k).length;
    expect(count('crd')).toBe(20);
    expect(count('reconciler')).toBeGreaterThanOrEqual(16);
    expect(count('library')).toBe(23);
    const bgp = g.nodes.find((n: { id: string }) => n.id === 'rec:infra.kuid.dev.nodes.bgp');
    expect(bgp).toMatchObject({ label: 'bgp', file: REC });
    const edgesOf = (id: string) => g.edges.filter((e: { from: string; to: string }) => e.from === id || e.to === id).map((e: { from: string; to: string; kind: string }) => `${e.kind} ${e.from} ${e.to}`);
    expect(edgesOf('rec:infra.kuid.dev.nodes.bgp')).toEqual(
      expect.arrayContaining([
        'for kind:infra.kuid.dev/Node rec:infra.kuid.dev.nodes.bgp',
        'owns rec:infra.kuid.dev.nodes.bgp kind:device.network.kubenet.dev/BGP',
        'watches kind:core.network.kubenet.dev/NetworkDesign rec:infra.kuid.dev.nodes.bgp',
        'load lib:api.k8s.io.object.star rec:infra.kuid.dev.nodes.bgp',
      ]),
    );
    expect(g.problems).toEqual([]);
  });
});
