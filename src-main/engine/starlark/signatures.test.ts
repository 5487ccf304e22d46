// The signature tables name exactly what the interpreter has, so hover and completion cannot offer a
// builtin or method that does not exist, or miss one that does.
import { describe, expect, it } from 'vitest';
import { bytesMethods, dictMethods, listMethods, setMethods, strMethods } from './methods.js';
import { UNIVERSAL_NAMES } from './resolve/resolver.js';
import { METHOD_SIGNATURES, parseParams, signatureLabel, UNIVERSE_CONSTANTS, UNIVERSE_SIGNATURES } from './signatures.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('Starlark signature tables', () => {
  it('document every universal name, and nothing else', () => {
    expect(sorted([...Object.keys(UNIVERSE_SIGNATURES), ...Object.keys(UNIVERSE_CONSTANTS)])).toEqual(sorted(UNIVERSAL_NAMES));
  });

  it('document every method of every built-in type, and nothing else', () => {
    expect(sorted(Object.keys(METHOD_SIGNATURES.string))).toEqual(sorted(Object.keys(strMethods)));
    expect(sorted(Object.keys(METHOD_SIGNATURES.bytes))).toEqual(sorted(Object.keys(bytesMethods)));
    expect(sorted(Object.keys(METHOD_SIGNATURES.list))).toEqual(sorted(Object.keys(listMethods)));
    expect(sorted(Object.keys(METHOD_SIGNATURES.dict))).toEqual(sorted(Object.keys(dictMethods)));
    expect(sorted(Object.keys(METHOD_SIGNATURES.set))).toEqual(sorted(Object.keys(setMethods)));
  });

  it('give every entry a doc', () => {
    const all = [...Object.values(UNIVERSE_SIGNATURES), ...Object.values(METHOD_SIGNATURES).flatMap((t) => Object.values(t))];
    expect(all.filter((s) => s.doc.length < 10).map((s) => s.name)).toEqual([]);
  });

  it('parse parameter lists with types, defaults and stars', () => {
    expect(parseParams('name: string, obj: dict')).toEqual([
      { name: 'name', type: 'string' },
      { name: 'obj', type: 'dict' },
    ]);
    expect(parseParams('*args, sep=" ", key=None, **kwargs')).toEqual([
      { name: 'args', star: '*' },
      { name: 'sep', default: '" "' },
      { name: 'key', default: 'None' },
      { name: 'kwargs', star: '**' },
    ]);
    expect(parseParams('x=[1, 2], y={"a": (1, 2)}')).toEqual([
      { name: 'x', default: '[1, 2]' },
      { name: 'y', default: '{"a": (1, 2)}' },
    ]);
    expect(parseParams('')).toEqual([]);
    expect(signatureLabel(METHOD_SIGNATURES.dict.get!)).toBe('dict.get(key, default = None)');
  });
});
