// Panels load what they show from the host when their inputs change (a snapshot, a selected object).
// Answers can arrive out of order or after the panel closed; only the answer to the current inputs may
// reach the component's state, or a slow old request would overwrite the newer one.
import { useEffect, type DependencyList } from 'react';

/**
 * Calls `load` whenever `deps` change and hands its value to `onValue` (or its error, also one thrown by
 * `onValue`, to `onError`), unless the inputs changed or the component unmounted in the meantime. `load` may return null when
 * there is nothing to ask (it can reset the state itself then).
 */
export function useLatestRequest<T>(load: () => Promise<T> | null, onValue: (value: T) => void, onError: (err: unknown) => void, deps: DependencyList): void {
  useEffect(() => {
    let current = true;
    load()
      ?.then((value) => current && onValue(value))
      .catch((err: unknown) => current && onError(err));
    return () => {
      current = false;
    };
    // The caller's deps decide when to ask again, as with useEffect.
  }, deps);
}
