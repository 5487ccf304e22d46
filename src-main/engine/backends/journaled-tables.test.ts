import { describe, expect, it } from 'vitest';
import { JournaledTables, type Journal } from './journaled-tables.js';

/** A range table of names that journals its changes, like the RIB's range tables. */
class Names {
  journal: Journal | undefined;
  constructor(private readonly items: string[] = []) {}
  add(name: string): void {
    this.items.push(name);
    this.journal?.push(() => this.items.pop());
  }
  all(): string[] {
    return [...this.items];
  }
}

class Tables extends JournaledTables<string, Names, string> {
  readonly main = new Names();
  setRange(name: string, items: string[]): Names {
    return this.putRange(name, new Names(items));
  }
  snapshot(): Record<string, string[]> {
    return Object.fromEntries([['', this.main.all()], ...[...this.tables].map(([n, t]) => [n, t.all()])]);
  }
  protected mainTable(): Names {
    return this.main;
  }
  protected markInRange(range: string, item: string): void {
    this.markDirty(`${range}.${item}`, item);
  }
}

describe('JournaledTables', () => {
  it('keeps a change that succeeds, with the entries it touched to rewrite', () => {
    const t = new Tables();
    t.attempt(() => {
      t.main.add('a');
      t.setRange('r', ['x']).add('y');
    });
    expect(t.snapshot()).toEqual({ '': ['a'], r: ['x', 'y'] });
    expect([...t.drainDirty().keys()]).toEqual([]); // a new range marks what it replaced (nothing here)
    t.attempt(() => t.deleteRange('r'));
    expect([...t.drainDirty().keys()]).toEqual(['r.x', 'r.y']);
    expect(t.snapshot()).toEqual({ '': ['a'] });
  });

  it('undoes a change that throws, in every table, and throws what explain makes of the error', () => {
    const t = new Tables();
    t.attempt(() => t.setRange('r', ['x']));
    t.drainDirty();
    const fail = () => {
      t.main.add('b');
      t.range('r')!.add('z');
      t.setRange('r', ['other']);
      throw new Error('no room');
    };
    expect(() => t.attempt(fail, { explain: (e) => new Error(`index r: ${(e as Error).message}`) })).toThrow('index r: no room');
    expect(t.snapshot()).toEqual({ '': [], r: ['x'] });
    expect(t.drainDirty().size).toBe(0);
    // swallowed: undone, nothing thrown
    t.attempt(fail, { swallow: true });
    expect(t.snapshot()).toEqual({ '': [], r: ['x'] });
  });

  it('undoes a dry run that succeeds', () => {
    const t = new Tables();
    t.attempt(() => {
      t.main.add('a');
      t.setRange('r', ['x']);
    }, { dryRun: true });
    expect(t.snapshot()).toEqual({ '': [] });
    expect(t.drainDirty().size).toBe(0);
  });
});
