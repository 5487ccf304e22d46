import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { haveSharedExamples, sharedExample, tempProjects } from '../../testing/temp-projects.js';
import { devParse, parseSourcesA } from './dev-parse.js';
import { memoryFs } from './source-fs.js';

const projects = tempProjects('devparse-');
afterEach(() => projects.cleanup());

describe('dev parse (profile A)', () => {
  it.runIf(haveSharedExamples)('reproduces the generated in/ files of the examples byte for byte', async () => {
    let compared = 0;
    for (const ex of ['hello-world', 'greeting', 'greeting-ref', 'config-gotempl', 'config-jinja2templ']) {
      const dir = projects.copyOf(sharedExample(ex));
      const before = readdirSync(path.join(dir, 'in')).filter((f) => f.startsWith('choreo.kform.dev.'));
      const expected = Object.fromEntries(before.map((f) => [f, readFileSync(path.join(dir, 'in', f), 'utf8')]));
      const res = await devParse(dir);
      expect(res.errors).toEqual([]);
      expect(res.written.map((w) => w.slice(3)).sort()).toEqual(before.sort());
      for (const f of before) {
        expect(readFileSync(path.join(dir, 'in', f), 'utf8'), `${ex}/${f}`).toBe(expected[f]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  });

  it('reports configs without code, code without config and double code files', async () => {
    const res = await parseSourcesA(
      memoryFs({
        'reconcilers/a.b.yaml': 'spec:\n  for: {group: g, version: v1, kind: K, selector: {}}\n',
        'reconcilers/a.b.star': 'def reconcile(self):\n  pass\n',
        'reconcilers/a.b.other.star': 'x = 1\n',
        'reconcilers/zz.tpl': 'x',
        'reconcilers/c.yaml': 'spec: {}\n',
        'reconcilers/bad.yaml': 'spec: [\n',
        'libs/lib.star': 'def f():\n  return 1\n',
      }),
    );
    expect(res.reconcilers.map((r) => r.object.metadata.name)).toEqual(['a.b']);
    expect(res.libraries.map((r) => r.object.metadata.name)).toEqual(['lib.star']);
    const msgs = res.errors.map((e) => e.message);
    expect(msgs).toContain('a starlark reconciler a.b can only have 1 code file');
    expect(msgs).toContain('no reconciler config found for reconcilers/zz.tpl');
    expect(msgs.some((m) => m.startsWith('invalid reconciler reconcilers/bad.yaml, err: '))).toBe(true);
  });
});
