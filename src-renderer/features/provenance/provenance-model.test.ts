import { describe, expect, it } from 'vitest';
import type { FieldExplanation } from '../../../src-shared/insight/provenance';
import { fieldStory, hoverMarkdown, openFileLink } from './provenance-model';

const run = { snapshotId: 'abcdef0123456789', runId: 'r1', createdAt: '2026-12-07T03:00:00Z' };
const written: FieldExplanation = {
  path: '.spec.text',
  value: 'hello world',
  managers: [{ manager: 'ex.writer', operation: 'Apply', time: 't' }],
  write: {
    reconciler: 'ex.writer',
    via: 'client_create',
    trigger: { apiVersion: 'example.com/v1alpha1', kind: 'Greeter', namespace: 'default', name: 'world' },
    callSite: { file: 'reconcilers/ex.writer.star', line: 13, col: 10 },
    callStack: [{ file: 'reconcilers/ex.writer.star', line: 13, col: 10 }],
    builtAt: { file: 'reconcilers/ex.writer.star', line: 7, col: 7, exact: true },
  },
  run,
  lastChange: { snapshotId: '0123456789abcdef', createdAt: '2026-12-07T02:00:00Z', from: 'hello', op: 'changed' },
  historyDepth: 2,
};
const inputs = { 'example.com|Greeter|default|world': { file: 'in/g.yaml', line: 1, col: 1 } };

describe('fieldStory', () => {
  it('names the writer, the places to open (call, value, trigger input) and the last change', () => {
    const s = fieldStory(written, inputs);
    expect(s.writer).toBe('client_create of ex.writer, reconciling Greeter default/world');
    expect(s.links.map((l) => `${l.label} ${l.place.file}:${l.place.line}`)).toEqual([
      'client_create() reconcilers/ex.writer.star:13',
      'value built reconcilers/ex.writer.star:7',
      'input Greeter/world in/g.yaml:1',
    ]);
    expect(s.change.text).toBe('changed in run 01234567, from "hello"');
    expect(s.managers).toBe('ex.writer (Apply)');
  });

  it('says who else wrote a field with no reconciler write', () => {
    const input = fieldStory({ path: '.spec.name', value: 'x', managers: [{ manager: 'inputfileloader', operation: 'Apply', time: 't' }], run, historyDepth: 0 });
    expect(input.writer).toBe('the input loader (a file in in/)');
    expect(input.links).toEqual([]);
    expect(input.change.text).toBe('no older run to compare with');
    expect(fieldStory({ path: '.kind', value: 'X', managers: [], run, historyDepth: 3 }).change.text).toBe('unchanged in the 3 older run(s) kept');
  });
});

describe('hoverMarkdown', () => {
  it('links each place through the open-file command', () => {
    const md = hoverMarkdown({ object: written.write!.trigger, recorded: true, fields: [written], inputs });
    expect(md).toContain('**`.spec.text`** = `"hello world"`');
    expect(md).toContain(`[client_create() reconcilers/ex.writer.star:13](${openFileLink({ file: 'reconcilers/ex.writer.star', line: 13, col: 10 })})`);
    expect(decodeURIComponent(openFileLink({ file: 'a b.star', line: 2, col: 3 }))).toBe('command:choreo.openFileAt?["a b.star",2,3]');
  });

  it('says when the run recorded nothing, and how many fields it left out', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ ...written, path: `.spec.f${i}` }));
    const md = hoverMarkdown({ object: written.write!.trigger, recorded: false, fields: many }, 4);
    expect(md).toContain('recorded no provenance');
    expect(md).toContain('…and 2 more field(s)');
  });
});
