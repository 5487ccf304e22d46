// The bookkeeping both allocation backends (IPAM's IPIndex, the ID pools) keep around a write to one index:
// a main table (the RIB, the ID tree) and a table per claimed range, a journal of undo steps so a claim that
// fails half-way (or whose store write fails, or a dry run) leaves the tables as they were, and the names
// of the Entry objects whose content changed since they were last rewritten.

/** Undo steps of the changes made since a checkpoint, undone last first. */
export type Journal = (() => void)[];

/** A table that records an undo step for each change while a journal is open. */
export interface JournaledTable<Item> {
  journal: Journal | undefined;
  all(): Item[];
}

/** How `attempt` ends a change. */
export interface AttemptOptions {
  /** Undo the change even when it succeeds. */
  dryRun?: boolean;
  /** Undo a failed change and return quietly (a stored claim that no longer fits, at restore). */
  swallow?: boolean;
  /** The error to throw for the one the change threw (default: the same). */
  explain?: (e: unknown) => unknown;
}

/**
 * Range tables of type `Table` (holding `Item`s) next to the main table the subclass owns; `Dirty` is what
 * an entry name maps to until it is drained.
 */
export abstract class JournaledTables<Item, Table extends JournaledTable<Item>, Dirty> {
  protected readonly tables = new Map<string, Table>();
  protected journal: Journal | undefined;
  /** Entry name → what it mirrors, for every entry whose content changed since the last drain. */
  private dirty = new Map<string, Dirty>();

  /** The index's main table, which shares the journal. */
  protected abstract mainTable(): { journal: Journal | undefined };
  /** Marks dirty the entry of `item` in the table of range claim `range`. */
  protected abstract markInRange(range: string, item: Item): void;

  range(name: string): Table | undefined {
    return this.tables.get(name);
  }

  deleteRange(name: string): void {
    if (this.tables.has(name)) this.replaceRange(name, undefined);
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

  /** The entries to rewrite (entry name → what it mirrors) since the last call. */
  drainDirty(): Map<string, Dirty> {
    const out = this.dirty;
    this.dirty = new Map();
    return out;
  }

  /** Runs `change` in a journal: undone (with its dirty marks) when it throws or for a dry run, kept otherwise. */
  attempt(change: () => void, { dryRun = false, swallow = false, explain = (e) => e }: AttemptOptions = {}): void {
    this.begin();
    try {
      change();
    } catch (e) {
      this.undo();
      if (swallow) return;
      throw explain(e);
    }
    if (dryRun) this.undo();
    else this.commit();
  }

  /** Installs (or replaces) the table of a range claim, in the open journal if there is one. */
  protected putRange(name: string, table: Table): Table {
    table.journal = this.journal;
    this.replaceRange(name, table);
    return table;
  }

  protected markDirty(entryName: string, what: Dirty): void {
    this.dirty.set(entryName, what);
  }

  private undo(): void {
    this.rollback();
    this.drainDirty();
  }

  private setJournal(j: Journal | undefined): void {
    this.journal = j;
    this.mainTable().journal = j;
    for (const t of this.tables.values()) t.journal = j;
  }

  private replaceRange(name: string, next: Table | undefined): void {
    const prev = this.tables.get(name);
    for (const item of prev?.all() ?? []) this.markInRange(name, item);
    if (next) this.tables.set(name, next);
    else this.tables.delete(name);
    this.journal?.push(() => {
      for (const item of next?.all() ?? []) this.markInRange(name, item);
      for (const item of prev?.all() ?? []) this.markInRange(name, item);
      if (prev) this.tables.set(name, prev);
      else this.tables.delete(name);
    });
  }
}
