// The plan channels (plan.compute, plan.object) through the real host and dispatcher (request and response
// validation on), with the plan worker thread, on the two-reconciler test project of issue 13.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { channelCaller, testHost } from '../../testing/channel-host.js';
import { runGit } from '../../testing/git-fixture.js';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import type { Host } from '../host.js';

const projects = tempProjects('plan-service-');
afterAll(() => projects.cleanup());

const MESSAGE = 'example.com/v1alpha1|Message|default|world';
const GREETER = 'example.com/v1alpha1|Greeter|default|world';
const asBuffers = (files: Record<string, string>) => Object.entries(files).map(([p, content]) => ({ path: p, content }));

// One host and project for the file (each host starts its engine's worker threads, which takes a while);
// the tests run in order on it: a fresh project first, the repository last.
let host: Host;
let dir: string;
const { call, ok } = channelCaller(() => host);

beforeAll(async () => {
  dir = projects.withFiles(insightFiles);
  host = testHost(projects.emptyDir());
  await host.openProject(dir);
});
afterAll(() => host.close());

/** What a plan must leave as it was: the files, the snapshots and the last run. */
function state(): string {
  const snaps = readdirSync(path.join(dir, CHOREO_PATHS.snapshots)).sort().join(',');
  return `${snaps}|${readFileSync(path.join(dir, CHOREO_PATHS.lastRun), 'utf8')}|${readFileSync(path.join(dir, 'reconcilers/ex.tone.star'), 'utf8')}`;
}

describe('plan.compute of unsaved buffers', () => {
  it('plans the buffers over the folder against the last run, writing nothing, and opens an object of the plan', async () => {
    const fresh = await ok('plan.compute', { source: 'buffers', buffers: [] });
    expect(fresh).toMatchObject({ source: 'buffers', against: null, success: true, counts: { add: 2, change: 0, destroy: 0 } });

    expect((await ok('run.once')).result.success).toBe(true);
    const before = state();
    expect(await ok('plan.compute', { source: 'buffers', buffers: [] })).toMatchObject({ items: [], counts: { add: 0, change: 0, destroy: 0 }, success: true });

    const plan = await ok('plan.compute', { source: 'buffers', buffers: asBuffers(insightEdits) });
    expect(plan.files).toEqual(Object.keys(insightEdits).sort());
    expect(plan.counts).toEqual({ add: 0, change: 2, destroy: 0 });
    expect(plan.against).toMatch(/^[0-9a-f]{16}$/);
    const message = plan.items.find((i: { key: string }) => i.key === MESSAGE);
    expect(message).toMatchObject({ symbol: '~', kind: 'Message', namespace: 'default', name: 'world' });
    expect(message.changes).toEqual(expect.arrayContaining([{ path: 'spec.text', op: 'changed', before: 'hello world', after: 'hello choreo' }]));
    expect(plan.items.map((i: { key: string }) => i.key).sort()).toEqual([GREETER, MESSAGE]);
    expect(state()).toBe(before);

    const pair = await ok('plan.object', { planId: plan.planId, key: MESSAGE });
    expect(pair.left).toContain('text: hello world');
    expect(pair.right).toContain('text: hello choreo');
    expect(pair.right).not.toContain('managedFields');
    expect(await call('plan.object', { planId: plan.planId, key: 'example.com/v1alpha1|Message|default|nobody' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call('plan.object', { planId: 'p999', key: MESSAGE })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('Plan again') } });
  });

  it('says where a buffer does not load, instead of a plan', async () => {
    const bad = await ok('plan.compute', { source: 'buffers', buffers: [{ path: 'in/example.com.greeters.world.yaml', content: 'kind: Greeter\nmetadata: [\n' }] });
    expect(bad).toMatchObject({ success: false, items: [], loadError: { file: 'in/example.com.greeters.world.yaml' } });
    expect(bad.loadError.line).toBeGreaterThan(0);
  });

  it('refuses paths outside the project and malformed requests', async () => {
    for (const p of ['../outside.yaml', '/etc/passwd', '.git/config', 'in/../../x.yaml']) {
      expect(await call('plan.compute', { source: 'buffers', buffers: [{ path: p, content: 'a: 1\n' }] })).toMatchObject({ ok: false, error: { code: 'path-escape' } });
    }
    expect(await call('plan.compute', { source: 'nope' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('plan.compute', { source: 'buffers' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await call('plan.compute', { source: 'staged', buffers: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const many = Array.from({ length: 201 }, (_, i) => ({ path: `in/${i}.yaml`, content: '' }));
    expect(await call('plan.compute', { source: 'buffers', buffers: many })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('At most 200') } });
    expect(await call('plan.object', { planId: 'p1', key: 'no-bars' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('plan.compute of the git index', () => {
  it('plans what is staged, not the unstaged edits; not-a-repo outside a repository', async () => {
    expect(await call('plan.compute', { source: 'staged' })).toMatchObject({ ok: false, error: { code: 'not-a-repo' } });
    await runGit(['init', '-q', '-b', 'main'], dir);
    await runGit(['add', '-A'], dir);
    expect(await ok('plan.compute', { source: 'staged' })).toMatchObject({ source: 'staged', items: [], success: true });
    // stage the greeter's new name; leave the reconciler edits unstaged in the folder
    writeProjectFiles(dir, { 'in/example.com.greeters.world.yaml': insightEdits['in/example.com.greeters.world.yaml']! });
    await runGit(['add', 'in/example.com.greeters.world.yaml'], dir);
    const tone = readFileSync(path.join(dir, 'reconcilers/ex.tone.star'), 'utf8');
    writeProjectFiles(dir, { 'reconcilers/ex.tone.star': tone.replace('"warm"', '"cool"') });
    const staged = await ok('plan.compute', { source: 'staged' });
    const message = staged.items.find((i: { key: string }) => i.key === MESSAGE);
    // the staged name changes the text; the unstaged ex.tone edit (spec.tone) is not in the plan
    expect(message.changes).toEqual([{ path: 'spec.text', op: 'changed', before: 'hello world', after: 'hello choreo' }]);
    const folder = await ok('plan.compute', { source: 'buffers', buffers: [] });
    expect(folder.items.find((i: { key: string }) => i.key === MESSAGE).changes).toContainEqual({ path: 'spec.tone', op: 'changed', before: 'warm', after: 'cool' });
  });
});
