// snapshots.compare and snapshots.compareChoices (issue 13 item 3) through the real host and dispatcher
// (request and response validation on) on a real git repository: the two-reconciler project committed twice,
// compared revision to revision and a snapshot against a revision, one object's two sides and a field's
// provenance on the revision side; unknown sides refused with the side, the reason and what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCaller, testHost } from '../../testing/channel-host.js';
import { commitNewRepo, runGit } from '../../testing/git-fixture.js';
import { insightEdits, insightFiles, WRITER_LINES } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import type { Host } from '../host.js';

const projects = tempProjects('compare-service-');
afterAll(() => projects.cleanup());

const MESSAGE = 'example.com/v1alpha1|Message|default|world';

let host: Host;
let dir: string;
let first: string;
let second: string;
const { call, ok } = channelCaller(() => host);

beforeAll(async () => {
  dir = projects.emptyDir();
  first = await commitNewRepo(dir, { ...insightFiles, '.gitignore': '.choreo/\n' }, 'first');
  writeProjectFiles(dir, insightEdits);
  await runGit(['commit', '-qam', 'second'], dir);
  second = await runGit(['rev-parse', 'HEAD'], dir);
  host = testHost(projects.emptyDir());
  await host.openProject(dir);
});
afterAll(() => host.close());

describe('snapshots.compare', () => {
  it('diffs two revisions, gives both sides of an object and explains a field of the newer one', async () => {
    const d = await ok('snapshots.compare', { from: 'rev:HEAD~1', to: 'rev:main' });
    expect(d.from).toEqual({ token: `rev:${first}`, kind: 'rev', label: `revision ${first.slice(0, 12)} HEAD~1 "first"` });
    expect(d.to.token).toBe(`rev:${second}`);
    expect(d.counts).toMatchObject({ modified: 2, added: 0, deleted: 0 });
    expect(d.items.find((i: { key: string }) => i.key === MESSAGE)).toMatchObject({ status: 'modified', kind: 'Message' });

    // the tokens work where snapshot ids do
    const pair = await ok('snapshots.objectPair', { from: d.from.token, to: d.to.token, key: MESSAGE, hideNoise: true });
    expect(pair.left).toContain('text: hello world');
    expect(pair.right).toContain('text: hello choreo');
    expect(pair.right).not.toContain('uid:');
    const again = await ok('snapshots.diff', { from: d.from.token, to: d.to.token });
    expect(again).toMatchObject({ from: d.from.token, to: d.to.token, counts: d.counts });

    // the revision's run recorded provenance: the handed-over field is ex.tone's in the newer revision
    const lang = await ok('provenance.explain', { snapshot: d.to.token, key: MESSAGE, field: '.spec.lang' });
    expect(lang.recorded).toBe(true);
    expect(lang.fields[0]).toMatchObject({ path: '.spec.lang', value: 'en-GB', write: { reconciler: 'ex.tone', callSite: { file: 'reconcilers/ex.tone.star' } } });
    const text = await ok('provenance.explain', { snapshot: d.from.token, key: MESSAGE, field: '.spec.text' });
    expect(text.fields[0].write).toMatchObject({ reconciler: 'ex.writer', builtAt: { line: WRITER_LINES.text } });
  });

  it('diffs a snapshot of the folder against a revision', async () => {
    expect((await ok('run.once')).result.success).toBe(true); // the folder holds the second version
    const same = await ok('snapshots.compare', { from: `rev:${second.slice(0, 8)}`, to: 'latest' });
    expect(same.to.kind).toBe('snapshot');
    expect(same.counts).toMatchObject({ modified: 0, added: 0, deleted: 0 });
    const older = await ok('snapshots.compare', { from: 'latest', to: `rev:${first}` });
    expect(older.counts.modified).toBe(2);
  });

  it('refuses unknown sides with the side, the reason and what to do', async () => {
    const unknown = await call('snapshots.compare', { from: 'rev:nope', to: 'rev:HEAD' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('Revision "nope": The revision "nope" does not name a commit') } });
    expect(unknown.ok || unknown.error.message).toContain('`choreo git log` lists the commits');
    const env = await call('snapshots.compare', { from: 'env:production', to: 'latest' });
    expect(env).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('Environment "production": Nothing is deployed to production') } });
    const noEnv = await call('snapshots.compare', { from: 'env:staging', to: 'latest' });
    expect(noEnv).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('Known: development, production') } });
    // the request schema refuses what is no side at all
    const bad = await call('snapshots.compare', { from: 'not a side', to: 'latest' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // a token of a revision that never ran: not-found, not a run
    const never = await call('snapshots.objectPair', { from: `rev:${'0'.repeat(40)}`, to: 'latest', key: MESSAGE, hideNoise: true });
    expect(never).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('has not been run') } });
  });

  it('lists the environments a comparison can name', async () => {
    const choices = await ok('snapshots.compareChoices');
    expect(choices.environments.map((e: { name: string; deployment: unknown }) => [e.name, e.deployment])).toEqual([
      ['development', null],
      ['production', null],
    ]);
  });
});
