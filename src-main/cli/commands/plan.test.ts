import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { runOnce } from '../../engine/runner/run-once.js';
import { planCommand } from './plan.js';

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
});
