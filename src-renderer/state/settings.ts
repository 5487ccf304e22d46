// App-wide settings the user switches on or off, remembered in local storage (app-wide, like the theme; not
// per project): whether pressing Commit first shows the plan of what is staged.
import { create } from 'zustand';

export const SETTINGS_STORAGE_KEY = 'choreo.settings';

export interface Settings {
  /** Commit first plans the staged files and shows what they would change, with Commit / Cancel. */
  planBeforeCommit: boolean;
}

export const defaultSettings: Settings = { planBeforeCommit: false };

export interface SettingsState extends Settings {
  set(patch: Partial<Settings>): void;
}

/** The stored settings over the defaults; anything unreadable or of the wrong type is the default. */
export function parseSettings(stored: string | null): Settings {
  try {
    const raw: unknown = stored ? JSON.parse(stored) : {};
    const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return { planBeforeCommit: typeof v.planBeforeCommit === 'boolean' ? v.planBeforeCommit : defaultSettings.planBeforeCommit };
  } catch {
    return { ...defaultSettings };
  }
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(SETTINGS_STORAGE_KEY) ?? null;
  } catch {
    return null; // storage may be unavailable (private mode): the defaults hold for this session
  }
}

export const useSettings = create<SettingsState>()((set, get) => ({
  ...parseSettings(readStored()),
  set: (patch) => {
    set(patch);
    const { planBeforeCommit } = get();
    try {
      globalThis.localStorage?.setItem(SETTINGS_STORAGE_KEY, JSON.stringify({ planBeforeCommit } satisfies Settings));
    } catch {
      // see readStored
    }
  },
}));
