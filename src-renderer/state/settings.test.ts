// The settings' stored form: defaults for anything missing or malformed, and a change is remembered.
import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, parseSettings, SETTINGS_STORAGE_KEY, useSettings } from './settings';

describe('settings', () => {
  it('reads the stored settings over the defaults and survives malformed storage', () => {
    expect(parseSettings(null)).toEqual(defaultSettings);
    expect(defaultSettings.planBeforeCommit).toBe(false);
    expect(parseSettings('{"planBeforeCommit":true}')).toEqual({ planBeforeCommit: true });
    expect(parseSettings('{"planBeforeCommit":"yes"}')).toEqual(defaultSettings);
    expect(parseSettings('not json')).toEqual(defaultSettings);
    expect(parseSettings('[1]')).toEqual(defaultSettings);
  });

  it('remembers a change in local storage', () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) });
    try {
      useSettings.getState().set({ planBeforeCommit: true });
      expect(useSettings.getState().planBeforeCommit).toBe(true);
      expect(parseSettings(store.get(SETTINGS_STORAGE_KEY) ?? null)).toEqual({ planBeforeCommit: true });
    } finally {
      useSettings.getState().set({ planBeforeCommit: false });
      vi.unstubAllGlobals();
    }
  });
});
