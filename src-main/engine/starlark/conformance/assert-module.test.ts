import { describe, expect, it } from 'vitest';
import { List, StarlarkError } from '../index.js';
import { ModuleValue, compilePattern, floatsWithinUlp } from './assert-module.js';
import { Fibonacci, HasFields, hasfieldsBuiltin } from './test-values.js';

describe('floatsWithinUlp', () => {
  it('accepts equal, one-ULP-apart and NaN pairs only', () => {
    expect(floatsWithinUlp(0.1 + 0.2, 0.3)).toBe(true);
    expect(floatsWithinUlp(1, 1)).toBe(true);
    expect(floatsWithinUlp(NaN, NaN)).toBe(true);
    expect(floatsWithinUlp(0, Number.MIN_VALUE)).toBe(true);
    expect(floatsWithinUlp(1, 1 + 4 * Number.EPSILON)).toBe(false);
    expect(floatsWithinUlp(NaN, 1)).toBe(false);
    expect(floatsWithinUlp(-1, -(1 + Number.EPSILON))).toBe(true);
  });
});

describe('compilePattern', () => {
  it('compiles without the u flag, so a lone ] or { is literal as in RE2', () => {
    expect(compilePattern('out of range \\[-3:2]', 't').test('list index -4 out of range [-3:2]')).toBe(true);
    expect(compilePattern('a{', 't').test('a{')).toBe(true);
  });
  it('reports an invalid pattern as a Starlark error', () => {
    expect(() => compilePattern('(', 'matches')).toThrow(StarlarkError);
  });
});

describe('ModuleValue', () => {
  it('is a read-only, unhashable module with sorted field names', () => {
    let reads = 0;
    const m = new ModuleValue('assert', new Map([['eq', 1], ['contains', 2]]), () => reads++);
    expect(m.type).toBe('module');
    expect(m.str()).toBe('<module "assert">');
    expect(m.attrNames()).toEqual(['contains', 'eq']);
    expect(m.attr('eq')).toBe(1);
    expect(m.attr('nope')).toBeUndefined();
    expect(reads).toBe(1);
    expect(() => m.setAttr('foo')).toThrow("can't assign to .foo field of module");
    expect(() => m.hash()).toThrow('unhashable: module');
  });
});

describe('test-only values', () => {
  it('hasfields stores attributes until frozen and rejects names starting with no', () => {
    const hf = new HasFields();
    expect(hf.attrNames()).toEqual([]);
    hf.setAttr('x', 1);
    expect(hf.attr('x')).toBe(1);
    expect(() => hf.setAttr('nope', 1)).toThrow('no .nope field');
    const inner = new List([]);
    hf.setAttr('y', inner);
    hf.freeze();
    expect(inner.frozen).toBe(true);
    expect(() => hf.setAttr('x', 2)).toThrow('cannot set field on a frozen hasfields');
    expect(hf.binary('+', new List([]), 'right')).toBe(42);
    expect(hf.hash()).toBe(42);
  });
  it('the hasfields constructor takes no arguments', () => {
    expect(() => hasfieldsBuiltin.impl({ name: 't', steps: 0, maxSteps: 1, maxAllocation: 1 }, [1], null, hasfieldsBuiltin)).toThrow('hasfields: unexpected arguments');
  });
  it('fibonacci is endless and unhashable', () => {
    const it = new Fibonacci().iterate();
    expect(Array.from({ length: 10 }, () => it.next().value)).toEqual([0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    expect(() => new Fibonacci().hash()).toThrow('fib is unhashable');
  });
});
