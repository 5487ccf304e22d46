// The insight channels on the two-reconciler test project, with the real engine and worker threads.
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExplainResponse } from '../../../src-shared/ipc/channels/insight.js';
import { insightFiles, WRITER_LINES } from '../../testing/insight-project.js';
import { tempProjects } from '../../testing/temp-projects.js';
import { HostError, type HostContext } from '../handlers.js';
import { disposeEngineService, engineHandlers } from './engine.js';
import { insightHandlers } from './insight.js';

const projects = tempProjects('insight-service-');
afterAll(() => projects.cleanup());
let ctx: HostContext;

beforeEach(() => {
  const dir = projects.withFiles(insightFiles);
  ctx = { projectRoot: () => dir, emit: () => {}, appDataDir: dir };
});
afterEach(() => disposeEngineService(ctx));

const explain = async (req: { key: string; field?: string; snapshot?: string }) => ExplainResponse.parse(await insightHandlers['provenance.explain'](req, ctx));
const runOnce = async () => (await engineHandlers['run.once']({}, ctx)) as { result: { success: boolean } | null };
const MESSAGE = 'example.com/v1alpha1|Message|default|world';

describe('provenance.explain', () => {
  it('explains a field of the last run: reconciler, call site, built at, trigger and its input file', async () => {
    expect((await runOnce()).result?.success).toBe(true);
    const answer = await explain({ key: MESSAGE, field: '.spec.text' });
    expect(answer.recorded).toBe(true);
    const f = answer.fields[0]!;
    expect(f.write).toMatchObject({ reconciler: 'ex.writer', callSite: { file: 'reconcilers/ex.writer.star', line: WRITER_LINES.createCall }, builtAt: { line: WRITER_LINES.text } });
    expect(Object.values(answer.inputs ?? {})).toEqual([{ file: 'in/example.com.greeters.world.yaml', line: 1, col: 1 }]);
    // a map's path explains every field below it
    const spec = await explain({ key: MESSAGE, field: '.spec' });
    expect(spec.fields.map((x) => x.path).sort()).toEqual(['.spec.lang', '.spec.text', '.spec.tone']);
  });

  it('refuses a bad request with the reason, and answers not-found for what is not there', async () => {
    await expect(explain({ key: 'no-bars', field: '.spec' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(explain({ key: MESSAGE, field: '.spec[' })).rejects.toThrow(HostError);
    await expect(explain({ key: MESSAGE, field: '.spec[' })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('an unclosed [') });
    // before any run: no snapshot
    await expect(explain({ key: MESSAGE })).rejects.toMatchObject({ code: 'not-found' });
    expect((await runOnce()).result?.success).toBe(true);
    await expect(explain({ key: MESSAGE, field: '.spec.nope' })).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('has no field .spec.nope') });
    await expect(explain({ key: 'example.com/v1alpha1|Message|default|nobody' })).rejects.toMatchObject({ code: 'not-found' });
  });
});
