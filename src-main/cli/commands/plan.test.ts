import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { runOnce } from '../../engine/index.js';
import { planCommand } from './plan.js';
import { runGit } from '../../testing/git-fixture.js';

const projects = tempProjects('choreo-plan-cli-');
afterAll(() => projects.cleanup());
let cap: ReturnType<typeof captureOutput> | undefined;
afterEach(() => cap?.restore());

describe('choreo plan', () => {
  it('choreo plan exits 0 without changes, 2 with changes, 1 when the planned run fails', async () => {
    const dir = projects.withFiles(insightFiles);
    expect((await runOnce(dir)).success).toBe(true);
    cap = captureOutput();
    expect(await planCommand.run([dir])).toBe(0);
    expect(cap.stdout()).toContain('No changes');
    writeProjectFiles(dir, insightEdits);
    cap.clear();
    expect(await planCommand.run(['-o', 'json', '--dir', dir])).toBe(2);
    expect(JSON.parse(cap.stdout())).toMatchObject({ success: true, counts: { add: 0, change: 2, destroy: 0 } });
    writeProjectFiles(dir, { 'reconcilers/ex.tone.star': 'def reconcile(self):\n  return self["nope"]\n' });
    cap.clear();
    expect(await planCommand.run([dir])).toBe(1);
    expect(cap.stdout()).toContain('the planned run failed: starlark execution runtime failure');
    writeProjectFiles(dir, { 'reconcilers/ex.tone.star': 'def reconcile(self)\n' });
    cap.clear();
    expect(await planCommand.run([dir])).toBe(1);
    expect(cap.stderr()).toContain('the project could not be planned: ');
  });

  it('choreo plan --staged plans what the git index holds, not the folder', async () => {
    const dir = projects.withFiles(insightFiles);
    await runGit(['init', '-q'], dir);
    await runGit(['add', '-A'], dir);
    await runGit(['commit', '-qm', 'first'], dir);
    expect((await runOnce(dir)).success).toBe(true);
    // the folder has both edits; only the input's is staged
    writeProjectFiles(dir, insightEdits);
    await runGit(['add', 'in/example.com.greeters.world.yaml'], dir);
    cap = captureOutput();
    expect(await planCommand.run(['--staged', '-o', 'json', dir])).toBe(2);
    const staged = JSON.parse(cap.stdout()) as { items: { kind: string; changes?: { path: string }[] }[] };
    const message = staged.items.find((i) => i.kind === 'Message')!;
    // the new text is staged; the handover of spec.lang (reconciler edits) is not
    expect(message.changes?.map((c) => c.path)).toEqual(['spec.text']);
    cap.clear();
    expect(await planCommand.run(['-o', 'json', dir])).toBe(2);
    const folder = JSON.parse(cap.stdout()) as { items: { kind: string; changes?: { path: string }[] }[] };
    expect(folder.items.find((i) => i.kind === 'Message')!.changes?.map((c) => c.path).sort()).toEqual(['spec.lang', 'spec.text']);
    // outside a repository: a clear failure
    const bare = projects.withFiles(insightFiles);
    cap.clear();
    expect(await planCommand.run(['--staged', bare])).toBe(1);
    expect(cap.stderr()).toContain('is not inside a git repository');
  });
});
