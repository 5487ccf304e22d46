// The host builtins' signature table is the one the interpreter unpacks with: it names every builtin the
// reconcilers get, and a call with one argument too many fails with the table's parameter count.
import { describe, expect, it } from 'vitest';
import { call, Thread, type Value } from '../starlark/index.js';
import { HOST_BUILTIN_SIGNATURES } from './host-builtin-signatures.js';
import { hostBuiltins } from './host-builtins.js';

describe('host builtin signatures', () => {
  const builtins = hostBuiltins({ scope: () => undefined, generation: 'B' });

  it('name exactly the predeclared host builtins', () => {
    expect(Object.keys(HOST_BUILTIN_SIGNATURES).sort()).toEqual(Object.keys(builtins).sort());
  });

  it('have a doc and a return description each', () => {
    for (const [name, sigs] of Object.entries(HOST_BUILTIN_SIGNATURES)) {
      for (const s of sigs) {
        expect(s.name, name).toBe(name);
        expect(s.doc.length, name).toBeGreaterThan(20);
        expect(s.returns, name).not.toBe('');
      }
    }
  });

  it('are the parameter lists the interpreter checks arguments against', () => {
    const thread = new Thread({ name: 't' });
    for (const [name, sigs] of Object.entries(HOST_BUILTIN_SIGNATURES)) {
      if (name === 'reconcile_result' || name === 'config' || name === 'secret') continue; // dispatch on arity / keywords
      const want = sigs[0]!.params.length;
      const args: Value[] = Array.from({ length: want + 1 }, () => null);
      let message = '';
      try {
        const r = call(thread, builtins[name]!, args);
        // the lenient builtins return a fatal rsp instead of raising
        message = String((r as { get(k: string): Value }).get('error'));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, name).toContain(`got ${want + 1} arguments, want at most ${want}`);
    }
  });
});
