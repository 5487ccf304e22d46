// The one token set behind both themes: the app's CSS variables and Monaco's themes are generated from
// it, so the editor never drifts from the chrome around it.
export type ThemeName = 'dark' | 'light';

export interface ThemeTokens {
  bg: string; // editor and main surfaces
  bgSide: string; // side bar, panels
  bgActivity: string; // activity bar and title bar
  bgHover: string;
  bgSelected: string;
  bgInput: string;
  border: string;
  fg: string;
  fgMuted: string;
  fgSubtle: string;
  accent: string;
  accentFg: string;
  focus: string;
  ok: string; // condition True, diff +
  error: string; // condition False, diff -
  warn: string; // diff ~, dirty
  unknown: string; // condition Unknown
  statusBg: string;
  statusFg: string;
  // syntax
  synKeyword: string;
  synString: string;
  synNumber: string;
  synComment: string;
  synBuiltin: string;
  synChoreo: string;
  synKey: string;
  synFunction: string;
}

export const themes: Record<ThemeName, ThemeTokens> = {
  dark: {
    bg: '#1e1f22',
    bgSide: '#25262a',
    bgActivity: '#1a1b1e',
    bgHover: '#2e3036',
    bgSelected: '#33384a',
    bgInput: '#2b2d31',
    border: '#34363c',
    fg: '#d7d9de',
    fgMuted: '#9a9ea8',
    fgSubtle: '#6f737c',
    accent: '#4c8dff',
    accentFg: '#ffffff',
    focus: '#5a95ff',
    ok: '#3fb950',
    error: '#f85149',
    warn: '#d29922',
    unknown: '#8b949e',
    statusBg: '#1a1b1e',
    statusFg: '#b9bcc4',
    synKeyword: '#c586c0',
    synString: '#ce9178',
    synNumber: '#b5cea8',
    synComment: '#6a9955',
    synBuiltin: '#4ec9b0',
    synChoreo: '#dcdcaa',
    synKey: '#9cdcfe',
    synFunction: '#dcdcaa',
  },
  light: {
    bg: '#ffffff',
    bgSide: '#f6f7f9',
    bgActivity: '#eceef2',
    bgHover: '#e8eaee',
    bgSelected: '#dde6f7',
    bgInput: '#ffffff',
    border: '#d9dce2',
    fg: '#1f2328',
    fgMuted: '#57606a',
    fgSubtle: '#8c959f',
    accent: '#2463d9',
    accentFg: '#ffffff',
    focus: '#2463d9',
    ok: '#1a7f37',
    error: '#cf222e',
    warn: '#9a6700',
    unknown: '#6e7781',
    statusBg: '#eceef2',
    statusFg: '#3b4048',
    synKeyword: '#af00db',
    synString: '#a31515',
    synNumber: '#098658',
    synComment: '#008000',
    synBuiltin: '#267f99',
    synChoreo: '#795e26',
    synKey: '#0451a5',
    synFunction: '#795e26',
  },
};

/** `bgSide` → `--bg-side`. */
export function cssVarName(token: keyof ThemeTokens): string {
  return '--' + token.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** The CSS custom properties for a theme, ready to set on :root. */
export function cssVariables(name: ThemeName): Record<string, string> {
  const t = themes[name];
  const out: Record<string, string> = {};
  for (const key of Object.keys(t) as (keyof ThemeTokens)[]) out[cssVarName(key)] = t[key];
  return out;
}

/** Monaco wants colours without the leading `#` in token rules. */
const hex = (c: string) => c.replace(/^#/, '');

/** The Monaco theme data for an app theme (the shape of monaco.editor.IStandaloneThemeData). */
export function monacoThemeData(name: ThemeName) {
  const t = themes[name];
  return {
    base: (name === 'dark' ? 'vs-dark' : 'vs') as 'vs-dark' | 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: hex(t.synKeyword) },
      { token: 'constant', foreground: hex(t.synKeyword) },
      { token: 'invalid', foreground: hex(t.error) },
      { token: 'string', foreground: hex(t.synString) },
      { token: 'string.escape', foreground: hex(t.synNumber) },
      { token: 'number', foreground: hex(t.synNumber) },
      { token: 'comment', foreground: hex(t.synComment), fontStyle: 'italic' },
      { token: 'predefined', foreground: hex(t.synBuiltin) },
      { token: 'predefined.choreo', foreground: hex(t.synChoreo), fontStyle: 'bold' },
      { token: 'entity.name.function', foreground: hex(t.synFunction) },
      { token: 'type', foreground: hex(t.synKey) },
    ],
    colors: {
      'editor.background': t.bg,
      'editor.foreground': t.fg,
      'editorLineNumber.foreground': t.fgSubtle,
      'editorLineNumber.activeForeground': t.fgMuted,
      'editorWidget.background': t.bgSide,
      'editorWidget.border': t.border,
      'editorGutter.background': t.bg,
      focusBorder: t.focus,
    },
  };
}
