// Electron main process: one window, the host behind ipcMain, the native menu and folder dialog.
// Kept thin on purpose; everything testable without Electron lives in src-main/host and /project.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, screen, session } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppCommand } from '../../src-shared/ipc/contract.js';
import { RENDERER_CSP } from '../host/csp.js';
import { Host } from '../host/host.js';
import { stderrLogger } from '../host/log.js';
import { resolveAppDataDir } from '../project/settings.js';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolResponse } from './app-protocol.js';
import { registerIpc } from './ipc.js';
import { menuTemplate } from './menu.js';
import { isTrustedSender, type TrustPolicy } from './trusted-sender.js';
import { mainWindowOptions } from './window-options.js';
import { loadWindowState, saveWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const log = stderrLogger;
const devServerUrl = process.env.VITE_DEV_SERVER_URL || undefined;
const windowIds = new Set<number>();
let mainWindow: BrowserWindow | undefined;
let host: Host | undefined;
/** Pending save of the window state; quitting waits for it. */
let savingWindowState: Promise<void> = Promise.resolve();

/** The project to open at start: `electron . DIR` / `choreo-studio DIR`, else the bundled example. */
function startupProject(): string | undefined {
  const args = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-') && a !== '.');
  // `npm start -- DIR` runs in the package folder; INIT_CWD is where the user typed it.
  if (args.length > 0) return resolve(process.env.INIT_CWD ?? process.cwd(), args[args.length - 1]);
  return bundledExample();
}

function bundledExample(): string | undefined {
  const dir = app.isPackaged ? join(process.resourcesPath, 'examples', 'hello-world') : join(app.getAppPath(), 'examples', 'hello-world');
  return existsSync(dir) ? dir : undefined;
}

function sendCommand(command: AppCommand): void {
  host?.emit('app.command', { command });
}

async function pickFolder(): Promise<string | null> {
  const options = { title: 'Open Folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled || result.filePaths.length === 0 ? null : result.filePaths[0];
}

function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The app is one page: it never navigates, never opens windows, never embeds webviews.
    contents.on('will-navigate', (event, url) => {
      log.error(`blocked navigation to ${url}`);
      event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      log.error(`blocked window.open(${url})`);
      return { action: 'deny' };
    });
  });
}

async function start(): Promise<void> {
  const distDir = join(app.getAppPath(), 'dist');
  const policy: TrustPolicy = { windowIds, appOrigin: APP_ORIGIN, devServerUrl };
  // The renderer's files, from app://choreo/ (./app-protocol.ts): confined to dist, with MIME types and the CSP.
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(distDir, request, RENDERER_CSP));

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const example = bundledExample();
  const appDataDir = resolveAppDataDir(app.getPath('userData'));
  host = new Host({
    transport: 'electron',
    appDataDir,
    pickFolder,
    log,
    version: app.getVersion(),
    ...(example ? { exampleProject: example } : {}),
    validateResponses: !app.isPackaged,
    // Credentials and environment secrets are encrypted with the OS keychain when Electron has one;
    // without it the secret store falls back to AES-256-GCM with a 0600 key file.
    encryptor: safeStorage,
    // A project with "keep deployments running" is delivered by its background host, the plain-node host the
    // CLI uses: it finds its secrets in its own app data folder (no preferred folder: CHOREO_STUDIO_HOME or
    // ~/.config/choreo-studio), sealed with that folder's key file (docs/design-notes.md).
    projectHost: { appDataDir: resolveAppDataDir() },
  });
  registerIpc(ipcMain, host.dispatch, (event) => isTrustedSender(event, policy), log);
  host.onEvent((event, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (windowIds.has(window.webContents.id) && !window.isDestroyed()) window.webContents.send(event, payload);
    }
  });

  const project = startupProject();
  if (project) {
    try {
      await host.openProject(project);
      // active deployments serve again: here, or in the project's background host (attached to, or started
      // again after a reboot) when the project keeps its deployments running
      void host.resumeDelivery().catch((err: Error) => log.error(`cannot resume the deployments of ${project}: ${err.message}`));
    } catch (err) {
      log.error(`cannot open ${project}: ${(err as Error).message}`);
    }
  }

  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(sendCommand, { isMac: process.platform === 'darwin', devTools: !app.isPackaged })));

  const icon = join(app.getAppPath(), 'assets', 'icon.png');
  const state = await loadWindowState(appDataDir, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow(mainWindowOptions(join(here, 'preload.cjs'), existsSync(icon) ? icon : undefined, state));
  mainWindow = window;
  windowIds.add(window.webContents.id);
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize();
    window.show();
  });
  // The renderer cancels unload while buffers are unsaved; Electron shows no prompt by itself, so ask here.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'warning',
      buttons: ['Close Without Saving', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'You have unsaved changes.',
      detail: 'Close Choreo Studio anyway? Unsaved changes are kept as a backup and offered back on the next start.',
    });
    if (choice === 0) event.preventDefault(); // preventDefault here means: let the page unload
  });
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    savingWindowState = saveWindowState(appDataDir, { ...bounds, maximized: window.isMaximized() }).catch((err: unknown) =>
      log.error(`cannot save the window state: ${(err as Error).message}`),
    );
  });
  window.on('closed', () => {
    mainWindow = undefined;
  });
  if (devServerUrl) await window.loadURL(devServerUrl);
  else await window.loadURL(APP_INDEX_URL);
}

app.enableSandbox();
// Privileged schemes must be registered before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  hardenWebContents();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('window-all-closed', () => {
    const closing = Promise.all([host?.close(), savingWindowState]);
    void closing.finally(() => app.quit());
  });
  app.whenReady().then(start).catch((err: unknown) => {
    log.error(`start-up failed: ${err instanceof Error ? err.stack : String(err)}`);
    app.exit(1);
  });
}
