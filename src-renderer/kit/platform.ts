// The user's platform, for Cmd-vs-Ctrl. Electron reports it through app.info; in a browser we ask navigator.
import { detectMac } from './keybindings';
import { useProject } from '../state/project';

export function isMac(): boolean {
  const p = useProject.getState().app?.platform;
  if (p) return p === 'darwin';
  return typeof navigator !== 'undefined' && detectMac(navigator.platform);
}
