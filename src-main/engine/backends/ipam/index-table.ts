// The allocation state of one IPIndex: its RIB plus one table per claimed address range, with the
// bookkeeping the backend needs around a write — a journal to undo a claim that fails half-way (or
// whose store write fails), and the names of the IPEntry objects whose route changed.
import type { BackendGeneration } from '../generation.js';
import { subnetNameOf, type Family, type IpPrefix } from './prefix.js';
import { JournaledTables } from '../journaled-tables.js';
import { RangeTable, Rib, type Route } from './rib.js';

/** A route whose IPEntry must be rewritten: in the main table, or in the table of range claim `range`. */
export interface DirtyRoute {
  prefix: IpPrefix;
  range?: string;
}

export class IndexTable extends JournaledTables<Route, RangeTable, DirtyRoute> {
  readonly rib: Rib;

  constructor(
    readonly namespace: string,
    readonly index: string,
    /** Which Choreo's backend the table behaves as (../generation.ts). */
    readonly generation: BackendGeneration,
  ) {
    super();
    this.rib = new Rib((p) => this.mark(p));
  }

  /** Addresses take the user labels of their parent prefix. */
  get inheritParentLabels(): boolean {
    return this.generation.inheritParentLabels;
  }

  /**
   * The IPEntry name of a route: `<index>.<subnet name>` (embedded kuid, ranges included), or
   * `<namespace>.<index>[.<range>].<subnet name>` (kuid at HEAD).
   */
  entryName(p: IpPrefix, range?: string): string {
    if (this.generation.kuid === 'embedded') return `${this.index}.${subnetNameOf(p)}`;
    return [this.namespace, this.index, ...(range === undefined ? [] : [range]), subnetNameOf(p)].join('.');
  }

  rangeTables(): RangeTable[] {
    return [...this.tables.values()];
  }

  /** Creates (or replaces) the table of a range claim. */
  setRange(name: string, family: Family, start: bigint, end: bigint): RangeTable {
    return this.putRange(name, new RangeTable(family, start, end, (p) => this.mark(p, name)));
  }

  /**
   * The route an entry mirrors. At HEAD a range's addresses have entries of their own; the embedded
   * kuid names them like main-table routes, and an address in a range table wins (kuid writes those last).
   */
  entryRoute({ prefix: p, range }: DirtyRoute): Route | undefined {
    if (this.generation.kuid === 'head') {
      if (range === undefined) return this.rib.get(p);
      const r = this.tables.get(range)?.get(p.addr);
      return r && r.prefix.family === p.family ? r : undefined;
    }
    if (p.bits === (p.family === 'ipv4' ? 32 : 128)) {
      for (const t of this.tables.values()) {
        const r = t.get(p.addr);
        if (r && r.prefix.family === p.family) return r;
      }
    }
    return this.rib.get(p);
  }

  /** Every route that has an entry, with the range claim whose table holds it. */
  allRoutes(): { route: Route; range?: string }[] {
    return [...this.rib.all().map((route) => ({ route })), ...[...this.tables.entries()].flatMap(([range, t]) => t.all().map((route) => ({ route, range })))];
  }

  protected mainTable(): Rib {
    return this.rib;
  }

  protected markInRange(range: string, r: Route): void {
    this.mark(r.prefix, range);
  }

  private mark(prefix: IpPrefix, range?: string): void {
    this.markDirty(this.entryName(prefix, range), range === undefined ? { prefix } : { prefix, range });
  }
}
