import { describe, expect, it } from 'vitest';
import { contains, formatPrefix, parseIpPrefix, subnetNameOf } from './prefix.js';

describe('ip prefixes', () => {
  it('parses, masks and names prefixes like the Go server', () => {
    const p = parseIpPrefix('10.0.0.1/24');
    expect(formatPrefix(p.prefix)).toBe('10.0.0.0/24');
    expect(p.address).not.toBe(p.prefix.addr);
    expect(subnetNameOf(parseIpPrefix('10.0.0.0/24').prefix)).toBe('10.0.0.0-24');
    expect(subnetNameOf(parseIpPrefix('1000::/32').prefix)).toBe('1000---32');
    expect(subnetNameOf(parseIpPrefix('1000::1/128').prefix)).toBe('1000--1-128');
    expect(formatPrefix(parseIpPrefix('2001:db8::').prefix)).toBe('2001:db8::/128');
  });

  it('contains', () => {
    const a = parseIpPrefix('10.0.0.0/24').prefix;
    expect(contains(a, parseIpPrefix('10.0.0.128/25').prefix)).toBe(true);
    expect(contains(a, parseIpPrefix('10.0.1.0/25').prefix)).toBe(false);
    expect(contains(a, parseIpPrefix('1000::/32').prefix)).toBe(false);
  });
});
