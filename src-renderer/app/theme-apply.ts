// Applies the theme to the page (CSS variables from the token set) and to Monaco. The system
// preference is followed until the user picks a theme; the pick is then remembered.
import { monaco, monacoThemeName } from '../monaco/monaco-setup';
import { initialTheme, THEME_STORAGE_KEY, useTheme } from '../state/theme';
import { cssVariables, type ThemeName } from '../theme/theme-tokens';

function apply(theme: ThemeName) {
  const root = document.documentElement;
  for (const [k, v] of Object.entries(cssVariables(theme))) root.style.setProperty(k, v);
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  monaco.editor.setTheme(monacoThemeName(theme));
}

function readStored(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null; // storage may be unavailable (private mode); the theme still applies for this session
  }
}

export function installTheme(): () => void {
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  useTheme.getState().setTheme(initialTheme(readStored(), media?.matches ?? true));
  apply(useTheme.getState().theme);
  let followingSystem = readStored() === null;
  // Set while a system change is applied: that is not the user's pick, so it is not stored.
  let systemDriven = false;
  const onSystemChange = (e: MediaQueryListEvent) => {
    if (!followingSystem) return;
    systemDriven = true;
    useTheme.getState().setTheme(e.matches ? 'dark' : 'light'); // zustand notifies synchronously
    systemDriven = false;
  };
  media?.addEventListener('change', onSystemChange);
  const unsub = useTheme.subscribe((s, prev) => {
    if (s.theme === prev.theme) return;
    apply(s.theme);
    if (systemDriven) return;
    followingSystem = false;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, s.theme);
    } catch {
      // see readStored
    }
  });
  return () => {
    unsub();
    media?.removeEventListener('change', onSystemChange);
  };
}
