// The app's commands. Buttons, menus (Electron's app.command event), keybindings and the palette
// all run these; each feature's controller exports <name>Commands() and is spread into the list below.
import type { AppCommand } from '../../src-shared/ipc/contract';
import { useDialog } from '../kit/dialog';
import { neighbourTab, useEditor } from '../features/editor/editor-store';
import { useLayout } from '../state/layout';
import { useProject } from '../state/project';
import { useTheme } from '../state/theme';
import { needsProject } from '../kit/command-guards';
import { commands, type Command } from '../kit/commands';
import { mainViews, panels, sideViews } from './views';
import { engineCommands } from '../features/run/engine-controller';
import { debugCommands } from '../features/debug/debug-controller';
import { deliveryCommands } from '../features/delivery/delivery-controller';
import { gitCommands } from '../features/git/git-controller';
import { fileCommands } from '../features/explorer/files-controller';
import { searchCommands } from '../features/search/search-controller';
import { resourcesCommands } from '../features/resources/resources-controller';
import { planCommands } from '../features/plan/plan-controller';
import { closeFile, reloadFromDisk, saveAll, saveFile } from '../features/editor/editor-controller';
import { closeProject, createChoreoProject, openProject, refreshTree } from '../features/project/project-controller';

const needsEditor = () => (useEditor.getState().active ? undefined : 'Open a file first.');

export function registerAppCommands(): () => void {
  const list: Command[] = [
    { id: 'workbench.showCommands', title: 'Show All Commands', category: 'View', shortcut: 'Mod+Shift+P', run: () => togglePalette('commands') },
    { id: 'workbench.quickOpen', title: 'Go to File…', category: 'File', aliases: ['Quick Open', 'open file'], shortcut: 'Mod+P', disabledReason: needsProject, run: () => togglePalette('files') },
    { id: 'file.save', title: 'Save', category: 'File', shortcut: 'Mod+S', disabledReason: needsEditor, run: async () => void (await saveFile()) },
    { id: 'file.saveAll', title: 'Save All', category: 'File', shortcut: 'Mod+Alt+S', disabledReason: needsProject, run: () => saveAll() },
    { id: 'file.close', title: 'Close Editor', category: 'File', aliases: ['close tab', 'close file'], disabledReason: needsEditor, run: () => closeFile() },
    { id: 'editor.next', title: 'Next Editor', category: 'View', shortcut: 'Mod+PageDown', disabledReason: needsEditor, run: () => activateNeighbour(1) },
    { id: 'editor.previous', title: 'Previous Editor', category: 'View', shortcut: 'Mod+PageUp', disabledReason: needsEditor, run: () => activateNeighbour(-1) },
    { id: 'file.reloadFromDisk', title: 'Reload from Disk (discard unsaved changes)', category: 'File', aliases: ['Revert File', 'discard unsaved changes', 'undo all changes'], disabledReason: needsEditor, run: () => reloadFromDisk() },
    { id: 'project.openFolder', title: 'Open Folder…', category: 'File', shortcut: 'Mod+O', run: () => openFolder() },
    { id: 'project.closeFolder', title: 'Close Folder', category: 'File', aliases: ['close project', 'close workspace'], disabledReason: needsProject, run: async () => void (await closeProject()) },
    { id: 'project.scaffold', title: 'Create a Choreo Project Here', category: 'File', aliases: ['new project', 'scaffold', 'init'], disabledReason: needsProject, run: async () => void (await createChoreoProject()) },
    {
      id: 'project.openExample',
      title: 'Open the Bundled Example (hello-world)',
      category: 'File',
      disabledReason: () => (useProject.getState().app?.exampleProject ? undefined : 'This server does not report where the bundled example is.'),
      run: async () => void (await openProject(useProject.getState().app!.exampleProject!)),
    },
    { id: 'project.refresh', title: 'Refresh Explorer', category: 'File', disabledReason: needsProject, run: () => refreshTree() },
    { id: 'view.togglePanel', title: 'Toggle Panel', category: 'View', aliases: ['bottom panel', 'hide panel', 'show panel'], shortcut: 'Mod+`', disabledReason: needsProject, run: () => useLayout.getState().togglePanel() },
    { id: 'view.toggleMaximizedPanel', title: 'Toggle Maximized Panel', category: 'View', disabledReason: needsProject, run: () => useLayout.getState().toggleMaximizePanel() },
    { id: 'view.toggleSidebar', title: 'Toggle Side Bar', category: 'View', shortcut: 'Mod+B', disabledReason: needsProject, run: () => useLayout.getState().toggleSidebar() },
    { id: 'view.toggleTheme', title: 'Toggle Light/Dark Theme', category: 'View', aliases: ['color theme', 'dark mode', 'light mode'], run: () => useTheme.getState().toggle() },
    { id: 'help.about', title: 'About Choreo Studio', category: 'Help', run: () => showAbout() },
    ...engineCommands(),
    ...debugCommands(),
    ...deliveryCommands(),
    ...gitCommands(),
    ...fileCommands(),
    ...searchCommands(),
    ...resourcesCommands(),
    ...planCommands(),
  ];
  for (const v of sideViews) {
    list.push({
      id: `view.show.${v.id}`,
      title: `Show ${v.title}`,
      category: 'View',
      shortcut: v.shortcut,
      disabledReason: needsProject,
      run: () => useLayout.setState({ sideView: v.id, sidebarVisible: true }),
    });
  }
  for (const v of mainViews) {
    list.push({ id: `view.open.${v.id}`, title: `Open ${v.title}`, category: 'View', shortcut: v.shortcut, disabledReason: needsProject, run: () => useLayout.getState().showMainView(v.id) });
  }
  for (const p of panels) {
    list.push({ id: `view.panel.${p.id}`, title: `Show ${p.title} Panel`, category: 'View', shortcut: p.shortcut, disabledReason: needsProject, run: () => useLayout.getState().showPanel(p.id) });
  }
  const offs = list.map((c) => commands.register(c));
  return () => offs.forEach((off) => off());
}

function togglePalette(mode: 'commands' | 'files') {
  const l = useLayout.getState();
  if (l.paletteOpen && l.paletteMode === mode) l.closePalette();
  else l.openPalette(mode);
}

function activateNeighbour(step: number) {
  const next = neighbourTab(useEditor.getState(), step);
  if (next) useEditor.getState().activate(next);
}

function showAbout() {
  const app = useProject.getState().app;
  void useDialog.getState().ask({
    title: 'Choreo Studio',
    message: 'A desktop IDE for Choreo projects, with its own Choreo engine.',
    detail: app
      ? `version ${app.version}\n${app.transport === 'electron' ? 'desktop app' : 'browser mode'} on ${app.platform}`
      : 'not connected to a host',
    choices: [{ id: 'ok', label: 'OK', primary: true }],
    cancel: 'ok',
  });
}

function openFolder() {
  if (useProject.getState().status === 'open') useLayout.getState().setOpenFolder(true);
  else document.getElementById('open-folder-path')?.focus();
}

/** Native menu items (Electron) arrive as app.command events; map them onto our commands. */
export const menuCommandIds: Record<AppCommand, string> = {
  'open-folder': 'project.openFolder',
  'close-folder': 'project.closeFolder',
  save: 'file.save',
  'toggle-theme': 'view.toggleTheme',
  about: 'help.about',
};
