// Re-renders when commands are (un)registered or when what their `disabledReason` reads changes (the
// shell signals that through commands.contextChanged()).
import { useSyncExternalStore } from 'react';
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
  return commands.disabledReason(id);
}
