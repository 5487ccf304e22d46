// The allocation state of one ID-pool index: its tree, the tables of its range claims, a journal to
// undo a failed write and the names of the Entry objects whose ID changed. Entries are named as kuid
// names them: `<index>.<id>-<length>` for tree blocks, `<range claim>.<id>-<width>` inside a range.
import type { Block } from '../blocks.js';
import { JournaledTables } from '../journaled-tables.js';
import { IdRangeTable, IdTree, type IdEntry } from './tree.js';

export interface Dirty {
  /** Range claim name, or undefined for the tree. */
  range?: string;
  block: Block;
}

export class PoolTable extends JournaledTables<IdEntry, IdRangeTable, Dirty> {
  readonly tree: IdTree;

  constructor(
    readonly namespace: string,
    readonly index: string,
    readonly width: number,
    readonly max: bigint,
  ) {
    super();
    this.tree = new IdTree(width, max, (b) => this.mark(undefined, b));
  }

  entryName(range: string | undefined, b: Block): string {
    return `${range ?? this.index}.${b.addr}-${b.bits}`;
  }

  ranges(): [string, IdRangeTable][] {
    return [...this.tables.entries()];
  }

  setRange(name: string, start: bigint, end: bigint): IdRangeTable {
    return this.putRange(name, new IdRangeTable(this.width, start, end, (b) => this.mark(name, b)));
  }

  /** What an entry mirrors now (undefined: its ID was released). */
  entryOf(d: Dirty): IdEntry | undefined {
    return d.range === undefined ? this.tree.get(d.block) : this.tables.get(d.range)?.get(d.block.addr);
  }

  /** Every ID with an entry: `[range claim or undefined, entry]`. */
  allEntries(): [string | undefined, IdEntry][] {
    const out: [string | undefined, IdEntry][] = this.tree.all().map((e) => [undefined, e]);
    for (const [name, t] of this.tables) for (const e of t.all()) out.push([name, e]);
    return out;
  }

  protected mainTable(): IdTree {
    return this.tree;
  }

  protected markInRange(range: string, e: IdEntry): void {
    this.mark(range, e.block);
  }

  private mark(range: string | undefined, b: Block): void {
    this.markDirty(this.entryName(range, b), { range, block: b });
  }
}
