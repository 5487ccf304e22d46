// Applies the theme to the page (CSS variables from the token set) and to Monaco, and remembers it.
import { monaco, monacoThemeName } from '../monaco/monaco-setup';
import { initialTheme, THEME_STORAGE_KEY, useTheme } from '../state/theme';
import { cssVariables, type ThemeName } from './theme-tokens';

function apply(theme: ThemeName) {
  const root = document.documentElement;
  for (const [k, v] of Object.entries(cssVariables(theme))) root.style.setProperty(k, v);
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  monaco.editor.setTheme(monacoThemeName(theme));
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // storage may be unavailable (private mode); the theme still applies for this session
  }
}

export function installTheme(): () => void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    stored = null;
  }
  const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? true;
  useTheme.getState().setTheme(initialTheme(stored, prefersDark));
  apply(useTheme.getState().theme);
  return useTheme.subscribe((s, prev) => {
    if (s.theme !== prev.theme) apply(s.theme);
  });
}
