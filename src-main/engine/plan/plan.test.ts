import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { runOnce } from '../runner/run-once.js';
import { formatPlan, planProject } from './plan.js';

const projects = tempProjects('choreo-plan-');
afterAll(() => projects.cleanup());

const MOON = `apiVersion: example.com/v1alpha1
kind: Greeter
metadata:
  name: moon
  namespace: default
spec:
  name: moon
`;

/** What a plan must leave as it was: the snapshots and the db. */
function runState(dir: string): string {
  const snaps = readdirSync(path.join(dir, '.choreo', 'snapshots')).sort().join(',');
  const db = statSync(path.join(dir, '.choreo', 'db')).mtimeMs;
  return `${snaps}|${db}`;
}

describe('plan', () => {
  it('shows additions, changes with their fields and deletions against the last run, and writes nothing', async () => {
    const dir = projects.withFiles(insightFiles);
    // never run: everything is to add
    const first = await planProject(dir);
    expect(first.against).toBeNull();
    expect(first.counts).toEqual({ add: 2, change: 0, destroy: 0 });

    expect((await runOnce(dir)).success).toBe(true);
    const state = runState(dir);
    const none = await planProject(dir);
    expect(none.items).toEqual([]);
    expect(formatPlan(none)).toMatch(/^No changes against the last run \([0-9a-f]{16}\)\.\n$/);

    writeProjectFiles(dir, { ...insightEdits, 'in/example.com.greeters.moon.yaml': MOON });
    const plan = await planProject(dir);
    expect(plan.success, plan.message).toBe(true);
    expect(plan.counts).toEqual({ add: 2, change: 2, destroy: 0 });
    const message = plan.items.find((i) => i.kind === 'Message' && i.name === 'world')!;
    expect(message.symbol).toBe('~');
    expect(message.changes).toEqual(
      expect.arrayContaining([
        { path: 'spec.text', op: 'changed', before: 'hello world', after: 'hello choreo' },
        { path: 'spec.lang', op: 'changed', before: 'en', after: 'en-GB' },
      ]),
    );
    expect(plan.items.filter((i) => i.symbol === '+').map((i) => `${i.kind}/${i.name}`).sort()).toEqual(['Greeter/moon', 'Message/moon']);
    const text = formatPlan(plan);
    expect(text).toContain('~ example.com/v1alpha1, Kind=Message default/world\n    ~ spec.lang: "en" → "en-GB"\n    ~ spec.text: "hello world" → "hello choreo"\n');
    expect(text).toContain('+ example.com/v1alpha1, Kind=Greeter default/moon');
    expect(text).toMatch(/Plan: 2 to add, 2 to change, 0 to destroy, against the last run/);
    expect(runState(dir)).toBe(state);

    // a deletion: the input goes, and with it the Message made from it
    rmSync(path.join(dir, 'in/example.com.greeters.world.yaml'));
    const gone = await planProject(dir);
    expect(gone.items.filter((i) => i.symbol === '-').map((i) => `${i.kind}/${i.name}`).sort()).toEqual(['Greeter/world', 'Message/world']);
    expect(runState(dir)).toBe(state);
  });
});
