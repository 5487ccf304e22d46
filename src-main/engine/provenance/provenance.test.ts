import { afterAll, describe, expect, it } from 'vitest';
import { insightEdits, insightFiles, WRITER_LINES } from '../../testing/insight-project.js';
import { tempProjects, writeProjectFiles } from '../../testing/temp-projects.js';
import { runOnce } from '../runner/run-once.js';
import { readSnapshot } from '../snapshots/snapshot-store.js';
import { explainStored } from './explain-stored.js';
import { readProvenance } from './provenance-store.js';
import { objectKeyOf } from '../../../src-shared/insight/provenance.js';

const projects = tempProjects('choreo-provenance-');
afterAll(() => projects.cleanup());

const WRITER = 'reconcilers/ex.writer.star';
const TONE = 'reconcilers/ex.tone.star';

async function run(dir: string): Promise<string> {
  const r = await runOnce(dir);
  expect(r.success, r.message).toBe(true);
  return r.snapshotId!;
}

const field = async (dir: string, path: string) => {
  const a = await explainStored(dir, { resource: 'messages.example.com', name: 'world', field: path });
  expect(a.fields).toHaveLength(1);
  return a.fields[0]!;
};

describe('field provenance (two reconcilers writing the Message kind)', () => {
  const dir = projects.withFiles(insightFiles);

  it('after create: the writer, its trigger, the call stack of client_create, client_apply and the literal that built the value', async () => {
    const id = await run(dir);
    const recorded = await readProvenance(dir, id);
    expect(recorded?.objects[objectKeyOf('example.com/v1alpha1', 'Message', 'default', 'world')]?.map((r) => r.reconciler).sort()).toEqual(['ex.tone', 'ex.writer']);

    const text = await field(dir, '.spec.text');
    expect(text.value).toBe('hello world');
    expect(text.managers.map((m) => m.manager)).toEqual(['ex.writer']);
    expect(text.run.snapshotId).toBe(id);
    const w = text.write!;
    expect(w).toMatchObject({ reconciler: 'ex.writer', via: 'client_create', trigger: { kind: 'Greeter', namespace: 'default', name: 'world' } });
    // client_create inside emit(), emit() called from reconcile()
    expect(w.callStack.map((p) => [p.file, p.line])).toEqual([
      [WRITER, WRITER_LINES.createCall],
      [WRITER, WRITER_LINES.emitCall],
    ]);
    expect(w.callSite).toEqual(w.callStack[0]);
    expect(w.appliedAt?.[0]).toMatchObject({ file: WRITER, line: WRITER_LINES.applyCall });
    expect(w.builtAt).toMatchObject({ file: WRITER, line: WRITER_LINES.text, exact: true });
    // the first run: no older snapshot to compare
    expect(text.lastChange).toBeUndefined();

    // the second reconciler's field on the same object: reconcile_result while reconciling the Message
    const tone = await field(dir, '.spec.tone');
    expect(tone.managers.map((m) => m.manager)).toEqual(['ex.tone']);
    expect(tone.write).toMatchObject({ reconciler: 'ex.tone', via: 'reconcile_result', trigger: { kind: 'Message', name: 'world' } });
    expect(tone.write!.callSite).toMatchObject({ file: TONE, line: 3 });
    // set by an index assignment, not a dict literal: no line where it was built
    expect(tone.write!.builtAt).toBeUndefined();

    const lang = await field(dir, '.spec.lang');
    expect(lang.write).toMatchObject({ reconciler: 'ex.writer', builtAt: { line: WRITER_LINES.lang, exact: true } });
  });

  it('after an update and a handover of spec.lang from ex.writer to ex.tone', async () => {
    const first = (await readSnapshot(dir, 'latest')).id;
    writeProjectFiles(dir, insightEdits);
    const second = await run(dir);

    const text = await field(dir, '.spec.text');
    expect(text.value).toBe('hello choreo');
    expect(text.write!.reconciler).toBe('ex.writer');
    expect(text.lastChange).toMatchObject({ snapshotId: second, op: 'changed', from: 'hello world' });
    expect(text.historyDepth).toBe(1);

    const lang = await field(dir, '.spec.lang');
    expect(lang.value).toBe('en-GB');
    expect(lang.managers.map((m) => m.manager)).toEqual(['ex.tone']);
    expect(lang.write).toMatchObject({ reconciler: 'ex.tone', via: 'reconcile_result', callSite: { file: TONE, line: 4 } });
    expect(lang.lastChange).toMatchObject({ snapshotId: second, op: 'changed', from: 'en' });

    // unchanged since the first run
    const tone = await field(dir, '.spec.tone');
    expect(tone.lastChange).toBeUndefined();

    // explaining the older run still answers for that run
    const old = await explainStored(dir, { resource: 'messages.example.com', name: 'world', field: '.spec.lang', snapshot: first });
    expect(old.fields[0]!.write?.reconciler).toBe('ex.writer');
  });

  it('explains every field without --field, and says clearly what is wrong with a request', async () => {
    const all = await explainStored(dir, { resource: 'messages.example.com', name: 'world' });
    expect(all.recorded).toBe(true);
    const paths = all.fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['.apiVersion', '.metadata.name', '.spec.text', '.spec.lang', '.spec.tone']));
    expect(paths.some((p) => p.includes('managedFields'))).toBe(false);
    // identity fields: managedFields does not track them; the literal that wrote them answers
    const apiVersion = all.fields.find((f) => f.path === '.apiVersion')!;
    expect(apiVersion.managers).toEqual([]);
    expect(apiVersion.write).toMatchObject({ reconciler: 'ex.writer', via: 'client_create', builtAt: { file: WRITER, line: 3, exact: true } });
    // the owner reference is the engine's, not a value of the reconciler's literal
    const owner = all.fields.find((f) => f.path === '.metadata.ownerReferences[0].uid')!;
    expect(owner.write?.reconciler).toBe('ex.writer');
    expect(owner.write?.builtAt).toBeUndefined();
    await expect(explainStored(dir, { resource: 'messages.example.com', name: 'world', field: '.spec.nope' })).rejects.toThrow(/has no field \.spec\.nope; its fields: /);
    await expect(explainStored(dir, { resource: 'messages.example.com', name: 'nobody' })).rejects.toThrow(/default\/nobody not found in snapshot/);
    await expect(explainStored(dir, { resource: 'nopes.example.com', name: 'world' })).rejects.toThrow(/resource nopes\.example\.com is not in snapshot/);
    await expect(explainStored(dir, { resource: 'messages.example.com', name: 'world', field: '.spec[' })).rejects.toThrow(/field path "\.spec\[": an unclosed \[/);
  });

  it('finds an object by the key the app views use, and where its trigger is written in in/', async () => {
    const a = await explainStored(dir, { key: 'example.com/v1alpha1|Message|default|world', field: '.spec.text', inputPlaces: true });
    expect(a.fields[0]!.write?.trigger).toMatchObject({ kind: 'Greeter', name: 'world' });
    expect(a.inputs?.[objectKeyOf('example.com/v1alpha1', 'Greeter', 'default', 'world')]).toEqual({ file: 'in/example.com.greeters.world.yaml', line: 1, col: 1 });
    // the Message is derived, no input file holds it: ex.tone's trigger has no place
    const tone = await explainStored(dir, { key: 'example.com/v1alpha1|Message|default|world', field: '.spec.tone', inputPlaces: true });
    expect(tone.inputs).toEqual({});
    await expect(explainStored(dir, { key: 'example.com/v1alpha1|Message|default|nobody' })).rejects.toThrow(/Message default\/nobody is not in snapshot/);
  });
});
