import { describe, expect, it } from 'vitest';
import { compileSelector, fieldSelector, SelectorError } from './selector.js';
import { fieldValue, goValueString } from './field-value.js';

const node = {
  metadata: { name: 'kubenet.default', labels: { a: 'b' } },
  spec: { provider: 'srlinux.nokia.com', port: 3, ratio: 1.5 },
  status: { conditions: [{ type: 'IPClaimReady', status: 'True' }] },
};

describe('fieldValue', () => {
  it('reads plain paths and renders like Go %v', () => {
    expect(fieldValue(node, 'spec.provider')).toEqual({ found: true, value: 'srlinux.nokia.com' });
    expect(fieldValue(node, 'spec.port')).toEqual({ found: true, value: '3' });
    expect(fieldValue(node, 'spec.ratio')).toEqual({ found: true, value: '1.5' });
    expect(fieldValue(node, 'spec.missing')).toEqual({ found: false });
    expect(fieldValue(node, 'metadata.constructor')).toEqual({ found: false });
  });
  it('evaluates CEL expressions; integers come back as BigInt and are printed as integers', () => {
    expect(fieldValue(node, "status.conditions.exists(c, c.type == 'IPClaimReady' && c.status == 'True')")).toEqual({ found: true, value: 'true' });
    expect(fieldValue(node, 'status.conditions.size()')).toEqual({ found: true, value: '1' });
    expect(fieldValue(node, 'spec.(')).toEqual({ found: false });
    expect(fieldValue(node, 'spec.nothing.deeper')).toEqual({ found: false });
  });
  it('formats lists and maps like Go', () => {
    expect(goValueString(['a', 1, true])).toBe('[a 1 true]');
    expect(goValueString({ b: 1, a: 'x' })).toBe('map[a:x b:1]');
    expect(goValueString(1e21)).toBe('1e+21');
    expect(goValueString(7n)).toBe('7');
  });
});

describe('compileSelector', () => {
  it('absent selector matches nothing, empty selector matches everything', () => {
    expect(compileSelector(null).matches(node)).toBe(false);
    expect(compileSelector(undefined).matches(node)).toBe(false);
    expect(compileSelector({}).matches(node)).toBe(true);
  });
  it('ANDs match entries', () => {
    expect(compileSelector({ match: { 'spec.provider': 'srlinux.nokia.com', 'metadata.name': 'kubenet.default' } }).matches(node)).toBe(true);
    expect(compileSelector({ match: { 'spec.provider': 'srlinux.nokia.com', 'metadata.name': 'x' } }).matches(node)).toBe(false);
    expect(fieldSelector({ "status.conditions.exists(c, c.type == 'IPClaimReady' && c.status == 'True')": 'true' }).matches(node)).toBe(true);
  });
  it('supports every operator', () => {
    const m = (expression: string, operator: string, values: unknown[]) => compileSelector({ matchExpressions: [{ expression, operator, values }] }).matches(node);
    expect(m('spec.provider', 'In', ['x', 'srlinux.nokia.com'])).toBe(true);
    expect(m('spec.provider', 'NotIn', ['x'])).toBe(true);
    expect(m('spec.missing', 'NotEquals', ['x'])).toBe(true);
    expect(m('spec.provider', 'NotEquals', ['srlinux.nokia.com'])).toBe(false);
    expect(m('spec.port', 'Exists', [])).toBe(true);
    expect(m('spec.port', 'DoesNotExist', [])).toBe(false);
    expect(m('spec.port', 'GreaterThan', [2])).toBe(true);
    expect(m('spec.port', 'LessThan', [2])).toBe(false);
    expect(m('spec.ratio', 'GreaterThan', [1])).toBe(false);
    expect(m('spec.provider', 'Bogus', ['srlinux.nokia.com'])).toBe(true);
  });
  it('rejects wrong value counts', () => {
    expect(() => compileSelector({ matchExpressions: [{ expression: 'a', operator: 'In', values: [] }] })).toThrow(SelectorError);
    expect(() => compileSelector({ matchExpressions: [{ expression: 'a', operator: 'GreaterThan', values: ['x'] }] })).toThrow(SelectorError);
  });
});
