// Renderer entry: theme, Monaco, commands and keybindings, then the connection to the host.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/styles.css';
import './monaco/monaco-setup';
import { registerAppCommands, menuCommandIds } from './app/app-commands';
import { App } from './app/App';
import { watchCommandContext } from './app/command-context';
import { commands } from './kit/commands';
import { errorMessage } from './kit/ipc-errors';
import { installKeybindings } from './app/keybinding-service';
import { installTheme } from './app/theme-apply';
import { resyncAfterReconnect, startWorkspace } from './features/project/project-controller';
import { monacoTextModels } from './features/editor/models';
import { watchMarkers } from './features/problems/markers';
import { installStarlarkLanguage } from './features/editor/starlark-providers';
import { installBreakpointGutter } from './features/debug/breakpoint-gutter';
import { installPlanLens } from './features/plan/plan-lens';
import { getApiClient, onConnectionStatus } from './api';
import { useProject } from './state/project';
import { dirtyPaths, useEditor } from './features/editor/editor-store';

installTheme();
registerAppCommands();
watchCommandContext();
installKeybindings();
watchMarkers();
installStarlarkLanguage();
installBreakpointGutter();
installPlanLens();

// Unsaved work: the browser asks before the tab closes or reloads.
window.addEventListener('beforeunload', (e) => {
  if (dirtyPaths(useEditor.getState()).length) e.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

async function connect() {
  const inElectron = 'choreo' in window;
  const token = new URLSearchParams(window.location.search).get('token');
  if (!inElectron && !token) {
    useProject.getState().setStatus('auth-failed', 'The address has no ?token= part.');
    return;
  }
  // A socket that closes again and again before it ever opened is being refused (wrong token, or the
  // server is gone): say so now instead of waiting for the first request to time out.
  let opened = false;
  let refusals = 0;
  onConnectionStatus((status) => {
    if (opened) {
      const was = useProject.getState().link;
      useProject.getState().setLink(status);
      if (status === 'open' && was !== 'open') void resyncAfterReconnect();
    }
    if (status === 'open') opened = true;
    else if (status === 'closed' && ++refusals >= 2 && useProject.getState().status === 'connecting') {
      useProject.getState().setStatus('auth-failed', 'The server refused the WebSocket connection.');
    }
  });
  try {
    const client = getApiClient();
    client.on('app.command', ({ command }) => void commands.execute(menuCommandIds[command]));
    await startWorkspace({ models: monacoTextModels });
  } catch (err) {
    useProject.getState().setStatus('auth-failed', errorMessage(err));
  }
}

void connect();
