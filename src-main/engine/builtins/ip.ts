// IP address and prefix helpers behind the Starlark builtins get_prefixlength, get_address,
// get_subnetname and isIPv4/isIPv6 (engine spec §4.8). Parsing and printing follow Go's net/netip,
// including its error texts, because reconcilers surface them in conditions.

export interface ParsedAddr {
  family: 4 | 6;
  /** 4 or 16 bytes. */
  bytes: number[];
  zone: string;
}

export interface ParsedPrefix {
  addr: ParsedAddr;
  bits: number;
}

export class IpParseError extends Error {
  override name = 'IpParseError';
}

/** Go `netip.ParseAddr`. */
export function parseAddr(s: string): ParsedAddr {
  const fail = (why: string): never => {
    throw new IpParseError(`ParseAddr(${JSON.stringify(s)}): ${why}`);
  };
  if (s === '') fail('unable to parse IP');
  if (s.includes(':')) {
    let zone = '';
    let body = s;
    const pct = s.indexOf('%');
    if (pct >= 0) {
      zone = s.slice(pct + 1);
      body = s.slice(0, pct);
      if (zone === '') fail('zone must be a non-empty string');
    }
    const bytes = parseV6(body);
    if (!bytes) fail('unable to parse IP');
    return { family: 6, bytes: bytes!, zone };
  }
  if (s.includes('.')) {
    const bytes = parseV4(s);
    if (!bytes) fail('unable to parse IP');
    return { family: 4, bytes: bytes!, zone: '' };
  }
  return fail('unable to parse IP');
}

/** Go `netip.ParsePrefix`. */
export function parsePrefix(s: string): ParsedPrefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new IpParseError(`netip.ParsePrefix(${JSON.stringify(s)}): no '/'`);
  let addr: ParsedAddr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw new IpParseError(`netip.ParsePrefix(${JSON.stringify(s)}): ${(e as Error).message}`);
  }
  if (addr.zone) throw new IpParseError(`netip.ParsePrefix(${JSON.stringify(s)}): IPv6 zones cannot be present in a prefix`);
  const bitsText = s.slice(slash + 1);
  const max = addr.family === 4 ? 32 : 128;
  if (!/^\d+$/.test(bitsText) || (bitsText.length > 1 && bitsText[0] === '0') || Number(bitsText) > max) {
    throw new IpParseError(`netip.ParsePrefix(${JSON.stringify(s)}): bad bits after slash: ${JSON.stringify(bitsText)}`);
  }
  return { addr, bits: Number(bitsText) };
}

/** A prefix (`10.0.0.1/24`) or a bare address (full length). */
export function parsePrefixOrAddr(s: string): ParsedPrefix {
  if (s.includes('/')) return parsePrefix(s);
  const addr = parseAddr(s);
  return { addr, bits: addr.family === 4 ? 32 : 128 };
}

export function prefixLength(s: string): number {
  return parsePrefixOrAddr(s).bits;
}

/** The address part, unmasked: `10.0.0.1/24` → `10.0.0.1`. */
export function addressOf(s: string): string {
  return formatAddr(parsePrefixOrAddr(s).addr);
}

/** `<masked network>-<length>` with `:` replaced by `-`: `1000::/32` → `1000---32`. */
export function subnetName(s: string): string {
  const p = parsePrefixOrAddr(s);
  const masked = mask(p.addr, p.bits);
  return `${formatAddr(masked)}-${p.bits}`.replaceAll(':', '-');
}

export function isIPv4(s: string): boolean {
  return parsePrefixOrAddr(s).addr.family === 4;
}

export function isIPv6(s: string): boolean {
  return parsePrefixOrAddr(s).addr.family === 6;
}

function mask(a: ParsedAddr, bits: number): ParsedAddr {
  const bytes = a.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & (0xff << (8 - keep)) & 0xff;
  });
  return { family: a.family, bytes, zone: '' };
}

/** Go's Addr.String(): dotted quad, or RFC 5952 IPv6 (longest zero run of ≥2 groups compressed). */
export function formatAddr(a: ParsedAddr): string {
  if (a.family === 4) return a.bytes.join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((a.bytes[i]! << 8) | a.bytes[i + 1]!);
  // IPv4-mapped addresses print as ::ffff:a.b.c.d.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${a.bytes.slice(12).join('.')}${a.zone ? '%' + a.zone : ''}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  const text = bestStart < 0 ? hex(groups) : `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
  return text + (a.zone ? '%' + a.zone : '');
}

function parseV4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6(s: string): number[] | undefined {
  let body = s;
  // An embedded IPv4 address in the last 32 bits becomes two hex groups.
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return undefined;
    body = `${s.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const parseGroups = (t: string): number[] | undefined => {
    if (t === '') return [];
    const out: number[] = [];
    for (const g of t.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const dbl = body.indexOf('::');
  let groups: number[];
  if (dbl >= 0) {
    if (body.indexOf('::', dbl + 1) >= 0) return undefined;
    const left = parseGroups(body.slice(0, dbl));
    const right = parseGroups(body.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    const all = parseGroups(body);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return bytes;
}
