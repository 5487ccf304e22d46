// The main window's options. The webPreferences are the security baseline of design.md §2: the page
// runs sandboxed, isolated from the preload, without Node, with web security on.
import type { BrowserWindowConstructorOptions } from 'electron';
import { bridgeArguments } from './bridge-args.js';
import { DEFAULT_WINDOW_STATE, type WindowState } from './window-state.js';

export function mainWindowOptions(preloadPath: string, iconPath?: string, state: WindowState = DEFAULT_WINDOW_STATE): BrowserWindowConstructorOptions {
  return {
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 960,
    minHeight: 600,
    title: 'Choreo Studio',
    show: false, // shown on ready-to-show, so there is no white flash
    backgroundColor: '#1e1e1e',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      additionalArguments: bridgeArguments(),
    },
  };
}
