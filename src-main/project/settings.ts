// The app-level data folder (recent projects, settings) and small JSON files kept in it.
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../engine/index.js';

/**
 * Where app-level state lives: $CHOREO_STUDIO_HOME (tests, portable setups), else the folder the
 * caller prefers (Electron's userData), else $XDG_CONFIG_HOME/choreo-studio or ~/.config/choreo-studio.
 */
export function resolveAppDataDir(preferred?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHOREO_STUDIO_HOME) return env.CHOREO_STUDIO_HOME;
  if (preferred) return preferred;
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'choreo-studio');
}

/** Reads a JSON file; `fallback` when it is missing or unreadable (a corrupt file must not block start-up). */
export async function readJsonFile<T>(file: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', { syncFolder: true });
}
