// "5 min ago" that stays true: one formatter for every relative time in the app, and a clock hook that
// re-renders its readers every so often (one shared timer, whatever the number of readers).
import { useSyncExternalStore } from 'react';

/** "just now", "5 min ago", "3 h ago", "2 d ago", or the date for anything older than 30 days. */
export function relativeTime(when: string | number | undefined, now: number): string {
  if (when === undefined || when === '') return '—';
  const t = typeof when === 'number' ? when : Date.parse(when);
  if (Number.isNaN(t)) return String(when);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return 'just now';
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.round(s / 86_400)} d ago`;
  return new Date(t).toISOString().slice(0, 10);
}

/** How often relative times are re-rendered: the finest step they show is a minute. */
export const CLOCK_TICK_MS = 15_000;

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, CLOCK_TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every CLOCK_TICK_MS while a component reads it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => (timer ? now : Date.now()));
}
