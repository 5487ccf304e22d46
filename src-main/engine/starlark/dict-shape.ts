// The key layout ("shape") of a small string-keyed dict, shared by every dict that got the same keys in the
// same order from the same start, as V8 shares hidden classes between objects. A dict with a shape keeps only
// its values; the keys live once in the shape. Reconciler code keeps hundreds of thousands of small KRM dicts
// alive (the fields of objects, built by the same few dict literals and helpers), and the young-generation
// collector copies every word of them at least once, so the key slots of each dict were a large share of its
// run time.
//
// Shapes form trees: a root (the keys of one dict literal, or no keys for dicts made empty), and for each
// shape the shapes one more key away (`with`), made on first use and then shared. A tree stops growing at a
// budget of shapes, and a shape at a number of successors, so code that adds ever-new keys (counting by
// name, keys read from input) cannot grow memory without bound: such a dict gets a shape of its own, which
// it shares with nobody and which grows in place, as a dict's own key array would.

/** How many shapes one dict literal's tree may hold (its literal's keys, then keys added to its dicts). */
const LITERAL_TREE_BUDGET = 64;
/** How many shapes the tree of dicts made empty may hold (for the life of the process). */
const EMPTY_TREE_BUDGET = 4096;
/** How many shapes one key away a shape may have: more different next keys mean keys that are data. */
const MAX_SUCCESSORS = 32;

/** The shapes of one tree, counted against its budget. */
class ShapeTree {
  count = 0;
  constructor(readonly budget: number) {}
}

export class DictShape {
  /** The root of the tree of dicts made empty (see `empty`). */
  private static readonly emptyRoot = DictShape.root([], EMPTY_TREE_BUDGET);
  /** The shapes one key away from this one, made by `with`; only in trees under budget. */
  private next: Map<string, DictShape> | null = null;
  /** The keys, in insertion order. Only `with` replaces them, and only in a shape of one dict's own. */
  keys: readonly string[];

  /**
   * keys: distinct string keys, in insertion order; a shared shape never changes them (a dict that changes
   * its keys changes its shape), a shape of one dict's own replaces them as it grows (see `with`). tree: the
   * tree this shape belongs to, or null for a shape of one dict's own.
   */
  private constructor(
    keys: readonly string[],
    private readonly tree: ShapeTree | null,
  ) {
    this.keys = keys;
    if (tree) tree.count++;
  }

  /** False for a shape of one dict's own, which another dict must not take over (see Dict.setAll). */
  get shared(): boolean {
    return this.tree !== null;
  }

  /** The root shape of a dict literal with these distinct string keys (the compiled literal keeps it). */
  static literal(keys: readonly string[]): DictShape {
    return DictShape.root(keys.slice(), LITERAL_TREE_BUDGET);
  }

  private static root(keys: readonly string[], budget: number): DictShape {
    return new DictShape(keys, new ShapeTree(budget));
  }

  /** The shape of a dict with no keys: the root of the tree of dicts made empty. */
  static empty(): DictShape {
    return DictShape.emptyRoot;
  }

  /** The position of key k, or -1. */
  indexOf(k: string): number {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === k) return i;
    return -1;
  }

  /**
   * This shape's keys followed by k (which it does not hold): a shared shape, or past the budgets a shape of
   * the dict's own. A shape of one dict's own grows in place and is returned itself.
   */
  with(k: string): DictShape {
    const tree = this.tree;
    if (tree === null) {
      this.keys = appended(this.keys, k);
      return this;
    }
    const next = this.next;
    const known = next?.get(k);
    if (known) return known;
    const keys = appended(this.keys, k);
    if (tree.count >= tree.budget || (next !== null && next.size >= MAX_SUCCESSORS)) return new DictShape(keys, null);
    const shape = new DictShape(keys, tree);
    (this.next ??= new Map()).set(k, shape);
    return shape;
  }

  /** The same keys in a shape of a dict's own (for a copy of a dict whose shape is its own). */
  copy(): DictShape {
    return new DictShape(this.keys, null);
  }

  /** This shape's keys without the one at position i, in a shape of one dict's own (deletes are rare). */
  without(i: number): DictShape {
    const keys = this.keys.slice();
    keys.splice(i, 1);
    return new DictShape(keys, null);
  }
}

/** xs followed by x, in a new array of the exact size (a push would leave spare slots for good). */
export function appended<T>(xs: readonly T[], x: T): T[] {
  const n = xs.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = xs[i]!;
  out[n] = x;
  return out;
}
