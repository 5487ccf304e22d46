import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

describe('relativeTime', () => {
  const now = Date.parse('2026-01-10T12:00:00Z');
  it('says how long ago, coarser as it gets older', () => {
    expect(relativeTime('2026-01-10T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-01-10T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2026-01-10T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-01-08T12:00:00Z', now)).toBe('2 d ago');
    expect(relativeTime('2025-06-01T00:00:00Z', now)).toBe('2025-06-01');
    expect(relativeTime(now - 120_000, now)).toBe('2 min ago');
  });
  it('passes through what is not a time', () => {
    expect(relativeTime('garbage', now)).toBe('garbage');
    expect(relativeTime(undefined, now)).toBe('—');
  });
});
