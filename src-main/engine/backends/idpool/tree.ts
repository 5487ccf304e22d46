// The allocation state of one ID-pool index (VLAN, AS, GENID), as kuid keeps it (henderiw/idxtable):
// a tree of ID blocks — `65000/29` is the 8 IDs from 65000 in the 32-bit space — each labelled with
// the claim that holds it, plus one table per range claim for the IDs handed out inside that range.
// Like the IPAM table it reports every change (for the Entry objects) and can journal them.
import { blockInterval, freeIntervals, type Block } from '../blocks.js';
import type { Journal } from '../journaled-tables.js';

export interface IdEntry {
  /** A block of the tree (`id/bits`); range tables hold single IDs (`bits` = the tree width). */
  block: Block;
  labels: Readonly<Record<string, string>>;
}


function blockKey(b: Block): string {
  return `${b.addr.toString(16)}/${b.bits}`;
}

/** kuid's ID text: `<id>/<length>`. */
export function idText(b: Block): string {
  return `${b.addr}/${b.bits}`;
}

export class IdTree {
  private readonly entries = new Map<string, IdEntry>();
  private sorted: IdEntry[] | undefined;
  journal: Journal | undefined;

  constructor(
    /** Bits of the ID space (16, 32 or 64). */
    readonly width: number,
    /** The largest valid ID. */
    readonly max: bigint,
    private readonly onChange: (b: Block) => void,
  ) {}

  get(b: Block): IdEntry | undefined {
    return this.entries.get(blockKey(b));
  }

  set(e: IdEntry): void {
    const k = blockKey(e.block);
    const prev = this.entries.get(k);
    this.journal?.push(() => this.restore(k, e.block, prev));
    this.entries.set(k, e);
    this.sorted = undefined;
    this.onChange(e.block);
  }

  delete(b: Block): boolean {
    const k = blockKey(b);
    const prev = this.entries.get(k);
    if (!prev) return false;
    this.journal?.push(() => this.restore(k, b, prev));
    this.entries.delete(k);
    this.sorted = undefined;
    this.onChange(b);
    return true;
  }

  all(): readonly IdEntry[] {
    if (!this.sorted) this.sorted = [...this.entries.values()].sort((a, b) => (a.block.addr < b.block.addr ? -1 : a.block.addr > b.block.addr ? 1 : a.block.bits - b.block.bits));
    return this.sorted;
  }

  byLabel(match: (labels: Readonly<Record<string, string>>) => boolean): IdEntry[] {
    return this.all().filter((e) => match(e.labels));
  }

  private overlaps(a: Block, b: Block): boolean {
    const x = blockInterval(a, this.width);
    const y = blockInterval(b, this.width);
    return x.start <= y.end && y.start <= x.end;
  }

  children(b: Block): IdEntry[] {
    return this.all().filter((e) => e.block.bits > b.bits && this.overlaps(e.block, b));
  }

  parents(b: Block): IdEntry[] {
    return this.all().filter((e) => e.block.bits < b.bits && this.overlaps(e.block, b));
  }

  /**
   * The lowest free ID of the pool. (idxtable's ClaimFree looks only at ID 0 — it searches below a root
   * block of one ID — so every dynamic claim without a selector would get 0; we give the lowest free ID,
   * as range tables do and engine spec §11.2 describes.)
   */
  findFree(): bigint | undefined {
    const free = freeIntervals(
      { start: 0n, end: this.max },
      this.all().map((e) => blockInterval(e.block, this.width)),
    );
    return free[0]?.start;
  }

  private restore(k: string, b: Block, prev: IdEntry | undefined): void {
    if (prev) this.entries.set(k, prev);
    else this.entries.delete(k);
    this.sorted = undefined;
    this.onChange(b);
  }
}

/** The IDs handed out inside one range claim. */
export class IdRangeTable {
  private readonly ids = new Map<bigint, IdEntry>();
  journal: Journal | undefined;

  constructor(
    readonly width: number,
    readonly start: bigint,
    readonly end: bigint,
    private readonly onChange: (b: Block) => void,
  ) {}

  get(id: bigint): IdEntry | undefined {
    return this.ids.get(id);
  }

  isFree(id: bigint): boolean {
    return id >= this.start && id <= this.end && !this.ids.has(id);
  }

  claim(id: bigint, labels: Readonly<Record<string, string>>): void {
    const prev = this.ids.get(id);
    const block = { addr: id, bits: this.width };
    this.journal?.push(() => this.put(id, prev));
    this.ids.set(id, { block, labels });
    this.onChange(block);
  }

  release(id: bigint): boolean {
    const prev = this.ids.get(id);
    if (!prev) return false;
    this.journal?.push(() => this.put(id, prev));
    this.ids.delete(id);
    this.onChange(prev.block);
    return true;
  }

  /** The lowest free ID of the range (idxtable walks the table from its start). */
  findFree(): bigint | undefined {
    for (let id = this.start; id <= this.end; id++) if (!this.ids.has(id)) return id;
    return undefined;
  }

  all(): IdEntry[] {
    return [...this.ids.values()].sort((a, b) => (a.block.addr < b.block.addr ? -1 : 1));
  }

  private put(id: bigint, e: IdEntry | undefined): void {
    if (e) this.ids.set(id, e);
    else this.ids.delete(id);
    this.onChange({ addr: id, bits: this.width });
  }
}
