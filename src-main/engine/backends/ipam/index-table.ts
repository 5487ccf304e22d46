// The allocation state of one IPIndex: its RIB plus one table per claimed address range, with the
// bookkeeping the backend needs around a write — a journal to undo a claim that fails half-way (or
// whose store write fails), and the names of the IPEntry objects whose route changed.
import { subnetNameOf, type Family, type IpPrefix } from './prefix.js';
import { RangeTable, Rib, type Journal, type Route } from './rib.js';

export class IndexTable {
  readonly rib: Rib;
  private readonly tables = new Map<string, RangeTable>();
  private journal: Journal | undefined;
  /** Entry name → prefix, for every route that changed since the last drain. */
  private dirty = new Map<string, IpPrefix>();

  constructor(
    readonly namespace: string,
    readonly index: string,
    /** Addresses take the user labels of their parent prefix (current generation, ../generation.ts). */
    readonly inheritParentLabels = false,
  ) {
    this.rib = new Rib((p) => this.mark(p));
  }

  /** `<index>.<subnet name>`: the IPEntry of a route. */
  entryName(p: IpPrefix): string {
    return `${this.index}.${subnetNameOf(p)}`;
  }

  range(name: string): RangeTable | undefined {
    return this.tables.get(name);
  }

  rangeTables(): RangeTable[] {
    return [...this.tables.values()];
  }

  /** Creates (or replaces) the table of a range claim. */
  setRange(name: string, family: Family, start: bigint, end: bigint): RangeTable {
    const t = new RangeTable(family, start, end, (p) => this.mark(p));
    t.journal = this.journal;
    this.replaceRange(name, t);
    return t;
  }

  deleteRange(name: string): void {
    if (this.tables.has(name)) this.replaceRange(name, undefined);
  }

  /** The route an entry mirrors: an address in a range table wins over the main table (kuid writes those last). */
  entryRoute(p: IpPrefix): Route | undefined {
    if (p.bits === (p.family === 'ipv4' ? 32 : 128)) {
      for (const t of this.tables.values()) {
        const r = t.get(p.addr);
        if (r && r.prefix.family === p.family) return r;
      }
    }
    return this.rib.get(p);
  }

  /** Every route that has an entry. */
  allRoutes(): Route[] {
    return [...this.rib.all(), ...[...this.tables.values()].flatMap((t) => t.all())];
  }

  begin(): void {
    this.journal = [];
    this.rib.journal = this.journal;
    for (const t of this.tables.values()) t.journal = this.journal;
  }

  commit(): void {
    this.setJournal(undefined);
  }

  rollback(): void {
    const j = this.journal ?? [];
    this.setJournal(undefined);
    for (let i = j.length - 1; i >= 0; i--) j[i]!();
  }

  /** The entries to rewrite: name → prefix of every route changed since the last call. */
  drainDirty(): Map<string, IpPrefix> {
    const out = this.dirty;
    this.dirty = new Map();
    return out;
  }

  private setJournal(j: Journal | undefined): void {
    this.journal = j;
    this.rib.journal = j;
    for (const t of this.tables.values()) t.journal = j;
  }

  private replaceRange(name: string, next: RangeTable | undefined): void {
    const prev = this.tables.get(name);
    for (const r of prev?.all() ?? []) this.mark(r.prefix);
    if (next) this.tables.set(name, next);
    else this.tables.delete(name);
    this.journal?.push(() => {
      for (const r of next?.all() ?? []) this.mark(r.prefix);
      for (const r of prev?.all() ?? []) this.mark(r.prefix);
      if (prev) this.tables.set(name, prev);
      else this.tables.delete(name);
    });
  }

  private mark(p: IpPrefix): void {
    this.dirty.set(this.entryName(p), p);
  }
}
