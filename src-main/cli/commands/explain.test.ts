import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/capture-output.js';
import { insightFiles, WRITER_LINES } from '../../testing/insight-project.js';
import { tempProjects } from '../../testing/temp-projects.js';
import { runOnce } from '../../engine/index.js';
import { explainCommand } from './explain.js';

const projects = tempProjects('choreo-explain-cli-');
afterAll(() => projects.cleanup());
let cap: ReturnType<typeof captureOutput> | undefined;
afterEach(() => cap?.restore());

describe('choreo explain', () => {
  it('prints who wrote a field, from which line, as text and as JSON; bad requests exit 1 or 2 with a message', async () => {
    const dir = projects.withFiles(insightFiles);
    expect((await runOnce(dir)).success).toBe(true);
    cap = captureOutput();
    expect(await explainCommand.run(['messages.example.com', 'world', '--field', '.spec.text', '--dir', dir])).toBe(0);
    const text = cap.stdout();
    expect(text).toMatch(/^Message default\/world \(example\.com\/v1alpha1\), run [0-9a-f]{16}\n/);
    expect(text).toContain('.spec.text = "hello world"');
    expect(text).toMatch(/manager +ex\.writer \(Apply, /);
    expect(text).toContain('written   by client_create of reconciler ex.writer reconciling Greeter default/world');
    expect(text).toMatch(new RegExp(`call +reconcilers/ex\\.writer\\.star:${WRITER_LINES.createCall}:\\d+ \\(called from reconcilers/ex\\.writer\\.star:${WRITER_LINES.emitCall}:\\d+\\)`));
    expect(text).toMatch(new RegExp(`built at +reconcilers/ex\\.writer\\.star:${WRITER_LINES.text}:\\d+\\n`));

    cap.clear();
    expect(await explainCommand.run(['messages.example.com', 'world', '--field', '.spec.tone', '-o', 'json', '--dir', dir])).toBe(0);
    const j = JSON.parse(cap.stdout());
    expect(j.fields[0]).toMatchObject({ path: '.spec.tone', value: 'warm', write: { reconciler: 'ex.tone', via: 'reconcile_result' } });

    cap.clear();
    expect(await explainCommand.run(['messages.example.com', 'world', '--field', '.spec.nope', '--dir', dir])).toBe(1);
    expect(cap.stderr()).toContain('has no field .spec.nope');
    cap.clear();
    expect(await explainCommand.run(['messages.example.com', '--dir', dir])).toBe(2);
    expect(cap.stderr() + cap.stdout()).toContain('expected <plural>.<group> NAME');
  });
});
