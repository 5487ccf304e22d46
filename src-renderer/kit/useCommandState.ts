// Re-renders when commands are (un)registered or when the stores their `disabledReason` reads change.
import { useSyncExternalStore } from 'react';
import { useEditor } from '../features/editor/editor-store';
import { useProject } from '../state/project';
import { commands } from './commands';

export function useCommandRegistryVersion(): number {
  return useSyncExternalStore(
    (l) => commands.subscribe(l),
    () => commands.getVersion(),
  );
}

/** The disabled reason of a command, kept current as the project and editor change. */
export function useDisabledReason(id: string): string | undefined {
  useCommandRegistryVersion();
  // Subscribing to these makes buttons refresh when a file opens or the project changes.
  useEditor((s) => s.active);
  useEditor((s) => s.active && s.buffers[s.active]?.dirty);
  useProject((s) => s.status);
  return commands.disabledReason(id);
}
