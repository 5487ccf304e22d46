// Unit rules of configuration in Starlark: config()/secret() per environment and at build time, key
// recording, the static scan of call sites, redaction, missing keys; and dev runs without an environment.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runOnce, hostBuiltins, execStarlarkFile, fromStarlark, type StarlarkValue } from '../engine/index.js';
import { makeTempDir } from '../testing/temp-dir.js';
import { configBuiltins, KeyRecorder } from './config-builtins.js';
import { missingKeys, scanKeys } from './key-scan.js';
import { makeRedactor, REDACTED, redactJson } from './redact.js';
import { makeDeliveryProject } from '../testing/delivery-project.js';

function run(code: string, predeclared: Record<string, StarlarkValue>): unknown {
  const mod = execStarlarkFile('t.star', code, { predeclared });
  return fromStarlark(mod.globals.get('out')!);
}

describe('config() and secret()', () => {
  it('read an environment: own values, defaults, required keys raise with the fix', () => {
    const b = configBuiltins({ config: { region: 'eu' }, secrets: { token: 't0p' } });
    expect(run('out = [config("region"), config("missing", "dflt"), config(key="region"), secret("token")]', b)).toEqual(['eu', 'dflt', 'eu', 't0p']);
    expect(() => run('out = config("nope")', b)).toThrow(/"nope" is not set.*choreo config set/);
    expect(() => run('out = secret("nope")', b)).toThrow(/secret "nope" is not set.*--secret/);
    expect(() => run('out = config(1)', b)).toThrow(/want string/);
  });

  it('without an environment (build) give defaults and "" and record every key', () => {
    const rec = new KeyRecorder();
    const b = configBuiltins(undefined, rec);
    const k = 'db' + '_url';
    expect(run(`out = [config("a", 7), config("${k}"), secret("pw")]`, b)).toEqual([7, '', '']);
    expect(rec.list()).toEqual([
      { key: 'a', kind: 'config', required: false, where: ['runtime'] },
      { key: k, kind: 'config', required: true, where: ['runtime'] },
      { key: 'pw', kind: 'secret', required: true, where: ['runtime'] },
    ]);
  });

  it('exist in every reconciler without delivery (dev runs): defaults and ""', () => {
    const b = hostBuiltins({ scope: () => undefined, generation: 'A' });
    expect(run('out = [config("x", "d"), config("y"), secret("z")]', b)).toEqual(['d', '', '']);
  });

  it('a dev run once of a project using them succeeds', async () => {
    const tmp = makeTempDir();
    try {
      const { dir } = await makeDeliveryProject(path.join(tmp.dir, 'p'));
      const r = await runOnce(dir, { offline: true });
      expect(r.success, r.message).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('static key scan', () => {
  it('finds literal keys in call sites with positions; ignores comments, strings and dynamic keys', () => {
    const code = ['# config("in_comment")', 'X = "config(\\"in_string\\")"', 'def f(k):', '  a = config("plain", "d")', '  b = config(key = "needed")', '  c = secret("tok")', '  d = config(k)', '  return secret("tok")'].join('\n');
    const uses = scanKeys([{ file: 'reconcilers/r.star', code, lineOffset: 0 }]);
    expect(uses.map((u) => [u.kind, u.key, u.required])).toEqual([
      ['config', 'plain', false],
      ['config', 'needed', true],
      ['secret', 'tok', true],
    ]);
    expect(uses.find((u) => u.key === 'tok')!.where).toEqual(['reconcilers/r.star:6:13', 'reconcilers/r.star:8:16']);
  });

  it('lists the required keys an environment lacks', () => {
    const uses = scanKeys([{ file: 'r.star', code: 'a = config("opt", 1)\nb = config("req")\nc = secret("s")\n' }]);
    expect(missingKeys(uses, { config: {}, secrets: {} })).toEqual(['req', 's (secret)']);
    // a secret must be stored as a secret: a plain value of that name does not count
    expect(missingKeys(uses, { config: { req: '1', s: 'x' }, secrets: {} })).toEqual(['s (secret)']);
    expect(missingKeys(uses, { config: { req: '1' }, secrets: { s: 'x' } })).toEqual([]);
  });
});

describe('redaction', () => {
  it('replaces secret values, also JSON-escaped, longest first', () => {
    const r = makeRedactor(['pa"ss', 'abc', 'abcdef', '']);
    expect(r('x abcdef y abc')).toBe(`x ${REDACTED} y ${REDACTED}`);
    expect(redactJson({ v: 'pa"ss', w: ['abc'] }, r)).toEqual({ v: REDACTED, w: [REDACTED] });
    expect(makeRedactor([])('abc')).toBe('abc');
    // a short secret cannot break structure: values are redacted inside the JSON, not in its text
    expect(redactJson({ ok: true, n: 1, s: 'true' }, makeRedactor(['t']))).toEqual({ ok: true, n: 1, s: `${REDACTED}rue` });
  });
});
