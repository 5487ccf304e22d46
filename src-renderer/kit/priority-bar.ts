// Which items of a one-line bar (title bar, status bar) fit: the rule behind kit/PriorityBar.tsx, pure so
// it is tested in node. Items drop strictly by priority (lowest first, as VS Code's status bar does), so
// what a user sees at a width never depends on which item happens to be narrow.

export interface FitItem {
  id: string;
  /** Higher stays longer. Ties: the item listed first stays longer. */
  priority: number;
  /** Natural width in px (0 for an item that renders nothing right now). */
  width: number;
  /** A shrinking item (ellipsis) is counted at this width, never more than its natural width. */
  minWidth?: number;
}

/** The ids that do not fit in `available` px with `gap` px between shown items. */
export function hiddenBarItems(items: readonly FitItem[], available: number, gap: number, overflowWidth: number): Set<string> {
  const cost = (it: FitItem) => (it.minWidth !== undefined ? Math.min(it.width, it.minWidth) : it.width);
  const shown = items.filter((it) => cost(it) > 0);
  const total = (list: readonly FitItem[]) => list.reduce((n, it) => n + cost(it), 0) + Math.max(0, list.length - 1) * gap;
  const hidden = new Set<string>();
  if (total(shown) <= available) return hidden;
  // Something goes into the overflow menu, so its button needs room too.
  const room = available - overflowWidth - gap;
  const byPriority = shown.map((it, order) => ({ it, order })).sort((a, b) => b.it.priority - a.it.priority || a.order - b.order);
  let used = 0;
  let count = 0;
  let full = false;
  for (const { it } of byPriority) {
    const next = used + cost(it) + (count > 0 ? gap : 0);
    if (!full && next <= room) {
      used = next;
      count++;
    } else {
      full = true; // strict: once one item does not fit, every lower one goes too
      hidden.add(it.id);
    }
  }
  return hidden;
}

export function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
