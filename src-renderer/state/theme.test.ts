import { describe, expect, it } from 'vitest';
import { initialTheme, useTheme } from './theme';

describe('theme store', () => {
  it('prefers a valid stored choice, else the system preference', () => {
    expect(initialTheme('light', true)).toBe('light');
    expect(initialTheme('purple', true)).toBe('dark');
    expect(initialTheme(null, false)).toBe('light');
  });
  it('toggles between dark and light', () => {
    useTheme.getState().setTheme('dark');
    useTheme.getState().toggle();
    expect(useTheme.getState().theme).toBe('light');
  });
});
