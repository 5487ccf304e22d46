import { describe, expect, it } from 'vitest';
import { CelCostLimitError, compileCel, evaluateMetered, PER_CALL_LIMIT } from './cel-env.js';
import { compilePattern } from './pattern.js';

const list = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i));

describe('CEL with Kubernetes cost limits', () => {
  it('counts the nodes an evaluation visits', () => {
    const small = evaluateMetered(compileCel('self.all(x, x >= 0)'), { self: list(10) }, PER_CALL_LIMIT);
    expect(small.value).toBe(true);
    const big = evaluateMetered(compileCel('self.all(x, x >= 0)'), { self: list(100) }, PER_CALL_LIMIT);
    expect(big.cost).toBeGreaterThan(5 * small.cost);
  });

  it('stops nested comprehensions at the per-call limit with cel-go error text', () => {
    const r = evaluateMetered(compileCel('self.all(a, self.all(b, self.all(c, self.all(d, a + b + c + d >= 0))))'), { self: list(100) }, PER_CALL_LIMIT);
    expect(r.error).toBeInstanceOf(CelCostLimitError);
    expect(r.error!.message).toBe('operation cancelled: actual cost limit exceeded');
    expect(r.cost).toBeGreaterThan(PER_CALL_LIMIT);
  });

  it('matches() uses RE2: Go syntax, linear time, at the root and inside an expression', () => {
    const evil = `${'a'.repeat(5000)}!`;
    expect(evaluateMetered(compileCel("self.matches('^(a+)+$')"), { self: evil }, PER_CALL_LIMIT).value).toBe(false);
    expect(evaluateMetered(compileCel("self.matches('^a+!$') && self.size() > 0"), { self: evil }, PER_CALL_LIMIT).value).toBe(true);
    expect(evaluateMetered(compileCel("self.matches('(?i)^A+!$')"), { self: evil }, PER_CALL_LIMIT).value).toBe(true);
    expect(evaluateMetered(compileCel("self.matches('(a')"), { self: 'a' }, PER_CALL_LIMIT).error?.message).toContain('error parsing regexp: missing closing )');
  });
});

describe('CRD patterns', () => {
  it('are Go regular expressions matched anywhere, with Go error texts', () => {
    expect(compilePattern('^[a-z]+$').test('abc')).toBe(true);
    expect(compilePattern('b').test('abc')).toBe(true);
    expect(compilePattern('^(a+)+$').test(`${'a'.repeat(10000)}!`)).toBe(false);
    expect(() => compilePattern('(a')).toThrow('error parsing regexp: missing closing ): `(a`');
  });
});
