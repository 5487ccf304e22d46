import { describe, expect, it } from 'vitest';
import { contains, formatPrefix, lowestFreeBlock, parseIpPrefix, subnetNameOf } from './prefix.js';

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

  it('finds the lowest free aligned block', () => {
    // 10.0.0.0/24: .0-.3 used, .5 used → first free /32 is .4, first free /30 is .8
    const used = [
      { start: 0n, end: 3n },
      { start: 5n, end: 5n },
    ];
    expect(lowestFreeBlock('ipv4', 0n, 255n, 32, used)).toBe(4n);
    expect(lowestFreeBlock('ipv4', 0n, 255n, 30, used)).toBe(8n);
    expect(lowestFreeBlock('ipv4', 0n, 3n, 32, used)).toBeUndefined();
    const v6 = parseIpPrefix('1000::/32').prefix;
    expect(lowestFreeBlock('ipv6', v6.addr, v6.addr + (1n << 96n) - 1n, 128, [{ start: v6.addr, end: v6.addr }])).toBe(v6.addr + 1n);
  });
});
