// The plan worker's operations, called in this thread: plans queue instead of finding the runner taken,
// a newer run is planned against at once, and only the last few plans' objects are kept.
import { afterAll, describe, expect, it } from 'vitest';
import { runOnce } from '../../engine/index.js';
import { insightEdits, insightFiles } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { plan, planObject } from './plan-ops.js';

const projects = tempProjects('plan-ops-');
afterAll(() => projects.cleanup());

const MESSAGE = 'example.com/v1alpha1|Message|default|world';
const GREETER_FILE = 'in/example.com.greeters.world.yaml';

describe('plan worker operations', () => {
  it('runs concurrent plans one after the other, each on its own buffers', async () => {
    const dir = projects.withFiles(insightFiles);
    expect((await runOnce(dir)).success).toBe(true);
    const [unchanged, edited] = await Promise.all([
      plan({ dir, source: 'buffers', buffers: {} }),
      plan({ dir, source: 'buffers', buffers: { [GREETER_FILE]: insightEdits[GREETER_FILE]! } }),
    ]);
    expect(unchanged).toMatchObject({ success: true, items: [] });
    expect(edited).toMatchObject({ success: true, files: [GREETER_FILE], counts: { add: 0, change: 2, destroy: 0 } });
    expect(edited.planId).not.toBe(unchanged.planId);
  });

  it('plans against the newest run, and keeps the objects of the last four plans only', async () => {
    const dir = projects.withFiles(insightFiles);
    expect((await runOnce(dir)).success).toBe(true);
    const buffers = { [GREETER_FILE]: insightEdits[GREETER_FILE]! };
    const first = await plan({ dir, source: 'buffers', buffers });
    expect(first.counts.change).toBe(2);
    expect(planObject({ planId: first.planId, key: MESSAGE }).right).toContain('hello choreo');
    // the edit is saved and run: the same buffers now change nothing
    writeProjectFiles(dir, buffers);
    expect((await runOnce(dir)).success).toBe(true);
    const after = await plan({ dir, source: 'buffers', buffers });
    expect(after.against).not.toBe(first.against);
    expect(after.items).toEqual([]);
    for (let i = 0; i < 3; i++) await plan({ dir, source: 'buffers', buffers: {} });
    expect(() => planObject({ planId: first.planId, key: MESSAGE })).toThrow(/no longer kept/);
    expect(() => planObject({ planId: after.planId, key: MESSAGE })).not.toThrow();
  });
});
