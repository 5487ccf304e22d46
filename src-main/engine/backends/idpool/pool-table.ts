// The allocation state of one ID-pool index: its tree, the tables of its range claims, a journal to
// undo a failed write and the names of the Entry objects whose ID changed. Entries are named as kuid
// names them: `<index>.<id>-<length>` for tree blocks, `<range claim>.<id>-<width>` inside a range.
import type { Block } from '../blocks.js';
import { IdRangeTable, IdTree, type IdEntry, type Journal } from './tree.js';

interface Dirty {
  /** Range claim name, or undefined for the tree. */
  range?: string;
  block: Block;
}

export class PoolTable {
  readonly tree: IdTree;
  private readonly tables = new Map<string, IdRangeTable>();
  private journal: Journal | undefined;
  private dirty = new Map<string, Dirty>();

  constructor(
    readonly namespace: string,
    readonly index: string,
    readonly width: number,
    readonly max: bigint,
  ) {
    this.tree = new IdTree(width, max, (b) => this.mark(undefined, b));
  }

  entryName(range: string | undefined, b: Block): string {
    return `${range ?? this.index}.${b.addr}-${b.bits}`;
  }

  range(name: string): IdRangeTable | undefined {
    return this.tables.get(name);
  }

  ranges(): [string, IdRangeTable][] {
    return [...this.tables.entries()];
  }

  setRange(name: string, start: bigint, end: bigint): IdRangeTable {
    const t = new IdRangeTable(this.width, start, end, (b) => this.mark(name, b));
    t.journal = this.journal;
    this.replaceRange(name, t);
    return t;
  }

  deleteRange(name: string): void {
    if (this.tables.has(name)) this.replaceRange(name, undefined);
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

  begin(): void {
    this.setJournal([]);
  }

  commit(): void {
    this.setJournal(undefined);
  }

  rollback(): void {
    const j = this.journal ?? [];
    this.setJournal(undefined);
    for (let i = j.length - 1; i >= 0; i--) j[i]!();
  }

  drainDirty(): Map<string, Dirty> {
    const out = this.dirty;
    this.dirty = new Map();
    return out;
  }

  private setJournal(j: Journal | undefined): void {
    this.journal = j;
    this.tree.journal = j;
    for (const t of this.tables.values()) t.journal = j;
  }

  private replaceRange(name: string, next: IdRangeTable | undefined): void {
    const prev = this.tables.get(name);
    for (const e of prev?.all() ?? []) this.mark(name, e.block);
    if (next) this.tables.set(name, next);
    else this.tables.delete(name);
    this.journal?.push(() => {
      for (const e of next?.all() ?? []) this.mark(name, e.block);
      for (const e of prev?.all() ?? []) this.mark(name, e.block);
      if (prev) this.tables.set(name, prev);
      else this.tables.delete(name);
    });
  }

  private mark(range: string | undefined, b: Block): void {
    this.dirty.set(this.entryName(range, b), { range, block: b });
  }
}
