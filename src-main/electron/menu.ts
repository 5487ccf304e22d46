// The native menu. Items that act on the editor send an `app.command` event to the renderer, which
// runs the command of the same name (menus, buttons and the palette share one command set).
import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../../src-shared/ipc/contract.js';

export function menuTemplate(send: (command: AppCommand) => void, options: { isMac: boolean; devTools: boolean }): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => send('open-folder') },
      { label: 'Close Folder', click: () => send('close-folder') },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: () => send('save') },
      { type: 'separator' },
      options.isMac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
    ],
  };
  // The Edit roles make clipboard shortcuts work in the page on every platform.
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { label: 'Toggle Theme', click: () => send('toggle-theme') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
      ...(options.devTools ? ([{ type: 'separator' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    submenu: [{ label: 'About Choreo Studio', click: () => send('about') }],
  };
  const app: MenuItemConstructorOptions[] = options.isMac ? [{ role: 'appMenu' }] : [];
  return [...app, file, edit, view, help];
}
