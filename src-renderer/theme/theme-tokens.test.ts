import { describe, expect, it } from 'vitest';
import { cssVarName, cssVariables, monacoThemeData, themes } from './theme-tokens';

describe('theme tokens', () => {
  it('both themes define the same tokens', () => {
    expect(Object.keys(themes.light).sort()).toEqual(Object.keys(themes.dark).sort());
  });
  it('turns token names into CSS custom property names', () => {
    expect(cssVarName('bgSide')).toBe('--bg-side');
    expect(cssVariables('light')['--accent']).toBe(themes.light.accent);
  });
  it('gives Monaco the same editor background as the app', () => {
    expect(monacoThemeData('dark').colors['editor.background']).toBe(themes.dark.bg);
    expect(monacoThemeData('light').base).toBe('vs');
    expect(monacoThemeData('dark').rules.every((r) => !r.foreground.startsWith('#'))).toBe(true);
  });
});
