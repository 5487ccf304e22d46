// The key layout ("shape") of a small string-keyed dict, shared by every dict that got the same keys in the
// same order from the same start, as V8 shares hidden classes between objects. A dict with a shape keeps only
// its values; the keys live once in the shape. Reconciler code keeps hundreds of thousands of small KRM dicts
// alive (the fields of objects, built by the same few dict literals and helpers), and the young-generation
// collector copies every word of them at least once, so the key slots of each dict were a large share of its
// run time.
//
// Shapes form trees: a root (the keys of one dict literal, or no keys for dicts made empty), and for each
// shape the shapes one more key away (`with`), made on first use and then shared. A tree stops growing at a
// budget of shapes, so code that adds ever-new keys (counting by name, keys read from input) cannot grow
// memory without bound: past the budget a dict gets a shape of its own, which it shares with nobody.

/** How many shapes one dict literal's tree may hold (its literal's keys, then keys added to its dicts). */
const LITERAL_TREE_BUDGET = 64;
/** How many shapes the tree of dicts made empty may hold before new dicts start on a fresh one. */
const EMPTY_TREE_BUDGET = 1024;

/** The shapes of one tree, counted against its budget. */
class ShapeTree {
  count = 0;
  constructor(readonly budget: number) {}
}

export class DictShape {
  /** The root of the current tree of dicts made empty (see `empty`). */
  private static emptyRoot = DictShape.root([], EMPTY_TREE_BUDGET);
  /** The shapes one key away from this one, made by `with`; only in trees under budget. */
  private next: Map<string, DictShape> | null = null;

  /**
   * keys: distinct string keys, in insertion order; never changed (a dict that changes its keys changes its
   * shape). tree: the tree this shape belongs to, or null for a shape of one dict's own (which `with`
   * never shares).
   */
  private constructor(
    readonly keys: readonly string[],
    private readonly tree: ShapeTree | null,
  ) {
    if (tree) tree.count++;
  }

  /** The root shape of a dict literal with these distinct string keys (the compiled literal keeps it). */
  static literal(keys: readonly string[]): DictShape {
    return DictShape.root(keys.slice(), LITERAL_TREE_BUDGET);
  }

  private static root(keys: readonly string[], budget: number): DictShape {
    return new DictShape(keys, new ShapeTree(budget));
  }

  /** The shape of a dict with no keys: the root of the current tree of dicts made empty. */
  static empty(): DictShape {
    return DictShape.emptyRoot;
  }

  /** The position of key k, or -1. */
  indexOf(k: string): number {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === k) return i;
    return -1;
  }

  /** This shape's keys followed by k (which it does not hold). */
  with(k: string): DictShape {
    const known = this.next?.get(k);
    if (known) return known;
    const keys = appended(this.keys, k);
    const tree = this.tree;
    if (tree === null || tree.count >= tree.budget) {
      // A full tree of dicts made empty is left to the dicts already on it; new dicts start a fresh tree.
      if (tree === DictShape.emptyRoot.tree) DictShape.emptyRoot = DictShape.root([], EMPTY_TREE_BUDGET);
      return new DictShape(keys, null);
    }
    const shape = new DictShape(keys, tree);
    (this.next ??= new Map()).set(k, shape);
    return shape;
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
