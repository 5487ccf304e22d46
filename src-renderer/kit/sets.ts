// Immutable set updates for React state (a new Set, so the store or setState sees a change).

/** A copy of `set` with `item` removed if it was there, added if it was not (open/closed, collapsed rows). */
export function toggled<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}
