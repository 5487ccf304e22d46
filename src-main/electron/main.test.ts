// Electron wiring with a fake `electron` module (the real binary cannot run on CI machines):
// every contract channel is registered with ipcMain.handle, untrusted senders are refused, the window
// options are the secure ones, navigation and window.open are denied, menu items send app.command.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, eventNames } from '../../src-shared/ipc/contract.js';
import { makeTempDir, waitFor } from '../testing/temp-dir.js';

type Handler = (event: unknown, request: unknown) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const windows: FakeWindow[] = [];
  const sent: [string, unknown][] = [];
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((r) => (readyResolve = r));
  interface FakeWindow {
    options: Record<string, unknown>;
    loaded?: string;
    webContents: { id: number; send: (channel: string, payload: unknown) => void };
    listeners: Map<string, (...args: unknown[]) => void>;
    contentsListeners: Map<string, (...args: unknown[]) => void>;
    once: () => void;
    on: () => void;
    isDestroyed: () => boolean;
    isMinimized: () => boolean;
    loadFile: (file: string) => Promise<void>;
    loadURL: (url: string) => Promise<void>;
  }
  const state = {
    appPath: '/app',
    userData: '/userData',
    menuTemplate: undefined as unknown,
    csp: undefined as unknown,
    permission: undefined as unknown,
    dialogAnswer: 1,
    /** protocol.registerSchemesAsPrivileged's schemes, and whether the app was ready when they came. */
    privileged: [] as Array<{ schemes: unknown; beforeReady: boolean }>,
    protocolHandlers: new Map<string, (request: { url: string; method: string }) => Promise<Response>>(),
    ready: false,
  };
  return { handlers, appListeners, windows, sent, ready, readyResolve: () => readyResolve(), state };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => fake.windows;
    options: Record<string, unknown>;
    loaded?: string;
    listeners = new Map<string, (...args: unknown[]) => void>();
    contentsListeners = new Map<string, (...args: unknown[]) => void>();
    webContents: { id: number; send: (channel: string, payload: unknown) => void; on: (name: string, fn: (...args: unknown[]) => void) => void };
    constructor(options: Record<string, unknown>) {
      this.options = options;
      this.webContents = {
        id: 100 + fake.windows.length,
        send: (channel, payload) => fake.sent.push([channel, payload]),
        on: (name, fn) => this.contentsListeners.set(name, fn),
      };
      fake.windows.push(this as never);
    }
    once() {}
    on(name: string, fn: (...args: unknown[]) => void) {
      this.listeners.set(name, fn);
    }
    getNormalBounds() {
      return { x: 40, y: 30, width: 1111, height: 777 };
    }
    isMaximized() {
      return false;
    }
    maximize() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    async loadFile(file: string) {
      this.loaded = pathToFileURL(file).href;
    }
    async loadURL(url: string) {
      this.loaded = url;
    }
  }
  return {
    app: {
      isPackaged: false,
      enableSandbox: vi.fn(),
      requestSingleInstanceLock: () => true,
      on: (name: string, listener: (...args: unknown[]) => void) => fake.appListeners.set(name, listener),
      whenReady: () => fake.ready,
      getAppPath: () => fake.state.appPath,
      getPath: () => fake.state.userData,
      getVersion: () => '9.9.9',
      quit: vi.fn(),
      exit: vi.fn(),
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => fake.state.privileged.push({ schemes, beforeReady: !fake.state.ready }),
      handle: (scheme: string, handler: (request: { url: string; method: string }) => Promise<Response>) => fake.state.protocolHandlers.set(scheme, handler),
    },
    ipcMain: { handle: (channel: string, handler: Handler) => fake.handlers.set(channel, handler) },
    dialog: {
      showOpenDialog: async () => ({ canceled: false, filePaths: ['/picked/folder'] }),
      showMessageBoxSync: () => fake.state.dialogAnswer,
    },
    // Like a Linux session without a keyring: the secret store must fall back to its key file.
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => {
        throw new Error('safeStorage unavailable');
      },
      decryptString: () => {
        throw new Error('safeStorage unavailable');
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    Menu: {
      buildFromTemplate: (template: unknown) => {
        fake.state.menuTemplate = template;
        return template;
      },
      setApplicationMenu: vi.fn(),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: unknown) => (fake.state.csp = fn) },
        setPermissionRequestHandler: (fn: unknown) => (fake.state.permission = fn),
      },
    },
  };
});

let tmp: ReturnType<typeof makeTempDir>;
let distUrl: string;
const oldArgv = process.argv;
const oldHome = process.env.CHOREO_STUDIO_HOME;

beforeAll(async () => {
  tmp = makeTempDir();
  fake.state.appPath = tmp.dir;
  mkdirSync(join(tmp.dir, 'dist'));
  mkdirSync(join(tmp.dir, 'examples', 'hello-world', 'in'), { recursive: true });
  process.env.CHOREO_STUDIO_HOME = join(tmp.dir, 'home');
  process.argv = ['electron', '.'];
  writeFileSync(join(tmp.dir, 'dist', 'index.html'), '<!doctype html><title>Choreo Studio</title>');
  distUrl = 'app://choreo/index.html';
  await import('./main.js');
  fake.state.ready = true;
  fake.readyResolve();
  await waitFor(() => fake.windows.length === 1 && fake.windows[0].loaded !== undefined, 'the main window to load');
});
afterAll(() => {
  process.argv = oldArgv;
  if (oldHome === undefined) delete process.env.CHOREO_STUDIO_HOME;
  else process.env.CHOREO_STUDIO_HOME = oldHome;
  tmp.cleanup();
});

const trusted = () => ({ sender: { id: fake.windows[0].webContents.id }, senderFrame: { url: distUrl } });

describe('Electron main', () => {
  it('registers exactly the contract channels with ipcMain.handle', () => {
    expect([...fake.handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('creates the window with the secure options and the contract names for the preload', () => {
    const prefs = fake.windows[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload\.cjs$/);
    expect(prefs.additionalArguments).toEqual([`--choreo-channels=${channelNames.join(',')}`, `--choreo-events=${eventNames.join(',')}`]);
    expect(fake.windows[0].loaded).toBe(distUrl);
  });

  it('answers requests from our window and opened the bundled example', async () => {
    const handler = fake.handlers.get('project.current')!;
    expect(await handler(trusted(), {})).toMatchObject({ ok: true, value: { name: 'hello-world' } });
    expect(await fake.handlers.get('app.info')!(trusted(), {})).toMatchObject({ ok: true, value: { transport: 'electron', version: '9.9.9' } });
    expect(await fake.handlers.get('project.pickFolder')!(trusted(), {})).toEqual({ ok: true, value: { root: '/picked/folder' } });
    expect(await fake.handlers.get('file.read')!(trusted(), { path: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it.each([
    ['another webContents', () => ({ sender: { id: 999 }, senderFrame: { url: distUrl } })],
    ['a remote page in our window', () => ({ sender: { id: fake.windows[0].webContents.id }, senderFrame: { url: 'https://evil.example/' } })],
    ['a file:// page, even our own built one', () => ({ sender: { id: fake.windows[0].webContents.id }, senderFrame: { url: pathToFileURL(join(tmp.dir, 'dist', 'index.html')).href } })],
    ['a destroyed frame', () => ({ sender: { id: fake.windows[0].webContents.id }, senderFrame: null })],
  ])('refuses %s', async (_what, event) => {
    for (const channel of channelNames) {
      expect(await fake.handlers.get(channel)!(event(), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('denies navigation, window.open and webviews in every web contents', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, ...rest: unknown[]) => void>();
    let openHandler: ((details: { url: string }) => unknown) | undefined;
    const contents = { on: (name: string, fn: never) => listeners.set(name, fn), setWindowOpenHandler: (fn: never) => (openHandler = fn) };
    fake.appListeners.get('web-contents-created')!({}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(name)!({ preventDefault }, 'https://example.com');
      expect(preventDefault).toHaveBeenCalled();
    }
    expect(openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });

  it('serves the renderer from the privileged app:// scheme, registered before ready, confined to dist', async () => {
    expect(fake.state.privileged).toEqual([{ schemes: [expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })], beforeReady: true }]);
    const handler = fake.state.protocolHandlers.get('app')!;
    const page = await handler({ url: 'app://choreo/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Choreo Studio</title>');
    expect((await handler({ url: 'app://choreo/..%2fhome%2fwindow-state.json', method: 'GET' })).status).toBe(404);
  });

  it('sets the CSP header and refuses permission requests', () => {
    let headers: Record<string, string[]> | undefined;
    (fake.state.csp as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers!['Content-Security-Policy'][0]).toContain("script-src 'self'");
    const decide = vi.fn();
    (fake.state.permission as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)({}, 'media', decide);
    expect(decide).toHaveBeenCalledWith(false);
  });

  it('menu items send app.command events to the window', () => {
    type Item = { label?: string; click?: () => void; submenu?: Item[] };
    const items = (fake.state.menuTemplate as Item[]).flatMap((m) => m.submenu ?? []);
    const click = (label: string) => items.find((i) => i.label === label)!.click!();
    fake.sent.length = 0;
    click('Open Folder…');
    click('Save');
    click('Toggle Theme');
    click('About Choreo Studio');
    expect(fake.sent).toEqual([
      ['app.command', { command: 'open-folder' }],
      ['app.command', { command: 'save' }],
      ['app.command', { command: 'toggle-theme' }],
      ['app.command', { command: 'about' }],
    ]);
  });

  it('asks before closing with unsaved changes, and only unloads when the user agrees', () => {
    const listener = fake.windows[0].contentsListeners.get('will-prevent-unload')!;
    const stay = vi.fn();
    fake.state.dialogAnswer = 1;
    listener({ preventDefault: stay });
    expect(stay).not.toHaveBeenCalled();
    const leave = vi.fn();
    fake.state.dialogAnswer = 0;
    listener({ preventDefault: leave });
    expect(leave).toHaveBeenCalled();
  });

  it('saves the window size and position when the window closes', async () => {
    fake.windows[0].listeners.get('close')!();
    const file = join(tmp.dir, 'home', 'window-state.json');
    await waitFor(() => existsSync(file), 'the window state file');
    await waitFor(() => readFileSync(file, 'utf8').endsWith('\n'), 'the complete file');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ x: 40, y: 30, width: 1111, height: 777, maximized: false });
  });
});
