// The routing table ("RIB") of one IPIndex, as kuid keeps it (hansthienpondt/nipam on a patricia tree):
// one route per prefix, each with labels that say who claimed it and how (routes.ts). Iteration is in
// tree order — IPv4 before IPv6, then by address, a parent before its children — which is the order
// in which dynamic claims try their candidate parents. Every change is reported (so the backend can
// mirror exactly the changed routes as IPEntry objects) and can be journaled (so a claim that fails
// half-way, or whose store write fails, leaves the table as it was).
import { bestFitBlock, blockInterval, freeIntervals, type Interval } from '../blocks.js';
import { comparePrefix, maxBits, type Family, type IpPrefix } from './prefix.js';
import type { Journal } from '../journaled-tables.js';

export interface Route {
  prefix: IpPrefix;
  labels: Readonly<Record<string, string>>;
}

/** Told about every prefix whose route was added, changed or removed. */
export type ChangeListener = (p: IpPrefix) => void;

export function prefixKey(p: IpPrefix): string {
  return `${p.family}|${p.addr.toString(16)}|${p.bits}`;
}

export function intervalOfPrefix(p: IpPrefix): Interval {
  return blockInterval({ addr: p.addr, bits: p.bits }, maxBits(p.family));
}

/** a and b share at least one address. */
export function prefixesOverlap(a: IpPrefix, b: IpPrefix): boolean {
  if (a.family !== b.family) return false;
  const x = intervalOfPrefix(a);
  const y = intervalOfPrefix(b);
  return x.start <= y.end && y.start <= x.end;
}

export class Rib {
  private readonly routes = new Map<string, Route>();
  private sorted: Route[] | undefined;
  /** When set, every change records how to undo it. */
  journal: Journal | undefined;

  constructor(private readonly onChange: ChangeListener = () => {}) {}

  get size(): number {
    return this.routes.size;
  }

  get(p: IpPrefix): Route | undefined {
    return this.routes.get(prefixKey(p));
  }

  has(p: IpPrefix): boolean {
    return this.routes.has(prefixKey(p));
  }

  /** Adds a route; false when the prefix is already in the table (kuid ignores that case). */
  add(r: Route): boolean {
    const k = prefixKey(r.prefix);
    if (this.routes.has(k)) return false;
    this.put(k, r);
    return true;
  }

  /** Adds or replaces the route of its prefix. */
  set(r: Route): void {
    this.put(prefixKey(r.prefix), r);
  }

  delete(p: IpPrefix): boolean {
    const k = prefixKey(p);
    const prev = this.routes.get(k);
    if (!prev) return false;
    this.journal?.push(() => this.restore(k, prev.prefix, prev));
    this.routes.delete(k);
    this.sorted = undefined;
    this.onChange(prev.prefix);
    return true;
  }

  /** Every route in tree order. */
  all(): readonly Route[] {
    if (!this.sorted) this.sorted = [...this.routes.values()].sort((a, b) => comparePrefix(a.prefix, b.prefix));
    return this.sorted;
  }

  byLabel(match: (labels: Readonly<Record<string, string>>) => boolean): Route[] {
    return this.all().filter((r) => match(r.labels));
  }

  /** Routes inside p (longer prefixes that overlap it). */
  children(p: IpPrefix): Route[] {
    return this.all().filter((r) => r.prefix.bits > p.bits && prefixesOverlap(r.prefix, p));
  }

  /** Routes that contain p (shorter prefixes that overlap it), the most specific first. */
  parents(p: IpPrefix): Route[] {
    return this.all()
      .filter((r) => r.prefix.bits < p.bits && prefixesOverlap(r.prefix, p))
      .sort((a, b) => b.prefix.bits - a.prefix.bits);
  }

  /** A free prefix of `bits` inside `within`, chosen as nipam's GetAvailablePrefixByBitLen does. */
  availablePrefix(within: IpPrefix, bits: number): IpPrefix | undefined {
    const width = maxBits(within.family);
    if (bits < within.bits || bits > width) return undefined;
    const free = freeIntervals(
      intervalOfPrefix(within),
      this.children(within).map((r) => intervalOfPrefix(r.prefix)),
    );
    const b = bestFitBlock(free, bits, width);
    return b && { family: within.family, addr: b.addr, bits: b.bits };
  }

  private put(k: string, r: Route): void {
    const prev = this.routes.get(k);
    this.journal?.push(() => this.restore(k, r.prefix, prev));
    this.routes.set(k, r);
    this.sorted = undefined;
    this.onChange(r.prefix);
  }

  private restore(k: string, p: IpPrefix, prev: Route | undefined): void {
    if (prev) this.routes.set(k, prev);
    else this.routes.delete(k);
    this.sorted = undefined;
    this.onChange(p);
  }
}

/** An address range claimed inside an index (a static range claim), with the addresses claimed in it. */
export class RangeTable {
  private readonly addrs = new Map<bigint, Route>();
  journal: Journal | undefined;

  constructor(
    readonly family: Family,
    readonly start: bigint,
    readonly end: bigint,
    private readonly onChange: ChangeListener = () => {},
  ) {}

  get(addr: bigint): Route | undefined {
    return this.addrs.get(addr);
  }

  isFree(addr: bigint): boolean {
    return addr >= this.start && addr <= this.end && !this.addrs.has(addr);
  }

  claim(addr: bigint, r: Route): void {
    this.journal?.push(this.undoOf(addr));
    this.addrs.set(addr, r);
    this.onChange(r.prefix);
  }

  release(addr: bigint): boolean {
    const prev = this.addrs.get(addr);
    if (!prev) return false;
    this.journal?.push(this.undoOf(addr));
    this.addrs.delete(addr);
    this.onChange(prev.prefix);
    return true;
  }

  /** The lowest free address (kuid's idxtable walks the table from its start). */
  findFree(): bigint | undefined {
    for (let a = this.start; a <= this.end; a++) if (!this.addrs.has(a)) return a;
    return undefined;
  }

  all(): Route[] {
    return [...this.addrs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, r]) => r);
  }

  private undoOf(addr: bigint): () => void {
    const prev = this.addrs.get(addr);
    const cur = this.addrs.get(addr);
    return () => {
      const now = this.addrs.get(addr);
      if (prev) this.addrs.set(addr, prev);
      else this.addrs.delete(addr);
      const p = (prev ?? now ?? cur)?.prefix;
      if (p) this.onChange(p);
    };
  }
}
