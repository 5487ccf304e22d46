import { describe, expect, it } from 'vitest';
import { addressOf, isIPv4, isIPv6, prefixLength, subnetName } from './ip.js';

describe('ip helpers', () => {
  it('prefix length, with bare addresses at full length', () => {
    expect(prefixLength('10.0.0.1/24')).toBe(24);
    expect(prefixLength('10.0.0.1')).toBe(32);
    expect(prefixLength('1000::1')).toBe(128);
  });
  it('address part, unmasked', () => {
    expect(addressOf('10.0.0.1/24')).toBe('10.0.0.1');
    expect(addressOf('1000:0:0::0001/64')).toBe('1000::1');
  });
  it('subnet names as the spec gives them', () => {
    expect(subnetName('10.0.0.1/24')).toBe('10.0.0.0-24');
    expect(subnetName('1000::/32')).toBe('1000---32');
    expect(subnetName('1000::1/128')).toBe('1000--1-128');
    expect(subnetName('2001:db8:0:0:1:0:0:1/128')).toBe('2001-db8--1-0-0-1-128');
    expect(subnetName('::ffff:10.0.0.1/128')).toBe('--ffff-10.0.0.1-128');
  });
  it('families', () => {
    expect(isIPv4('10.0.0.0/8')).toBe(true);
    expect(isIPv6('10.0.0.0/8')).toBe(false);
    expect(isIPv6('::1')).toBe(true);
  });
  it('errors use Go wording', () => {
    expect(() => addressOf('')).toThrow('ParseAddr(""): unable to parse IP');
    expect(() => prefixLength('10.0.0.1/33')).toThrow('netip.ParsePrefix("10.0.0.1/33"): bad bits after slash: "33"');
    expect(() => isIPv4('x.y')).toThrow('unable to parse IP');
  });
});
