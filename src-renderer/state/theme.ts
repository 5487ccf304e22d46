// Light or dark. The choice is app-wide (not per project) and remembered in local storage.
import { create } from 'zustand';
import type { ThemeName } from '../theme/theme-tokens';

export const THEME_STORAGE_KEY = 'choreo.theme';

export interface ThemeState {
  theme: ThemeName;
  setTheme(theme: ThemeName): void;
  toggle(): void;
}

/** The stored choice if valid, else the system preference. */
export function initialTheme(stored: string | null, prefersDark: boolean): ThemeName {
  if (stored === 'dark' || stored === 'light') return stored;
  return prefersDark ? 'dark' : 'light';
}

export const useTheme = create<ThemeState>()((set) => ({
  theme: 'dark',
  setTheme: (theme) => set({ theme }),
  toggle: () => set((s) => ({ theme: s.theme === 'dark' ? 'light' : 'dark' })),
}));
