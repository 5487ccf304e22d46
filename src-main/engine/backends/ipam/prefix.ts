// IP prefixes as BigInt intervals, for the IPAM route table (engine spec §11.1). Parsing and printing
// reuse the Go netip-compatible helpers of the ip builtins, so names and addresses print exactly as
// the Go server prints them (`1000::/32` → subnet name `1000---32`).
import { formatAddr, parsePrefix, parsePrefixOrAddr, type ParsedAddr } from '../../builtins/ip.js';

export type Family = 'ipv4' | 'ipv6';

export interface IpPrefix {
  family: Family;
  /** Masked network address. */
  addr: bigint;
  bits: number;
}

export function maxBits(f: Family): number {
  return f === 'ipv4' ? 32 : 128;
}

function toBig(a: ParsedAddr): bigint {
  let v = 0n;
  for (const b of a.bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function fromBig(v: bigint, f: Family): ParsedAddr {
  const n = f === 'ipv4' ? 4 : 16;
  const bytes: number[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return { family: f === 'ipv4' ? 4 : 6, bytes, zone: '' };
}

export function hostMask(f: Family, bits: number): bigint {
  return (1n << BigInt(maxBits(f) - bits)) - 1n;
}

/** The prefix (masked) and the unmasked address of `10.0.0.1/24`; a bare address gets the full length. */
export function parseIpPrefix(s: string): { prefix: IpPrefix; address: bigint } {
  const p = s.includes('/') ? parsePrefix(s) : parsePrefixOrAddr(s);
  const family: Family = p.addr.family === 4 ? 'ipv4' : 'ipv6';
  const address = toBig(p.addr);
  return { prefix: { family, addr: address & ~hostMask(family, p.bits), bits: p.bits }, address };
}

export function formatIp(v: bigint, f: Family): string {
  return formatAddr(fromBig(v, f));
}

export function formatPrefix(p: IpPrefix): string {
  return `${formatIp(p.addr, p.family)}/${p.bits}`;
}

/** `<network>-<bits>` with `:` → `-` (object names of claims and entries). */
export function subnetNameOf(p: IpPrefix): string {
  return `${formatIp(p.addr, p.family)}-${p.bits}`.replaceAll(':', '-');
}

export function lastAddr(p: IpPrefix): bigint {
  return p.addr | hostMask(p.family, p.bits);
}

/** a contains b (or equals it). */
export function contains(a: IpPrefix, b: IpPrefix): boolean {
  return a.family === b.family && a.bits <= b.bits && (b.addr & ~hostMask(a.family, a.bits)) === a.addr;
}

export function samePrefix(a: IpPrefix, b: IpPrefix): boolean {
  return a.family === b.family && a.bits === b.bits && a.addr === b.addr;
}

export function hostPrefix(addr: bigint, f: Family): IpPrefix {
  return { family: f, addr, bits: maxBits(f) };
}

/** Table order: family (v4 first), address, then shorter prefixes first. */
export function comparePrefix(a: IpPrefix, b: IpPrefix): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  if (a.addr !== b.addr) return a.addr < b.addr ? -1 : 1;
  return a.bits - b.bits;
}
