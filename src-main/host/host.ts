// The host: implements the whole IPC contract once, for both transports (Electron IPC and the
// browser-mode WebSocket). Transports only move envelopes; everything else happens here.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { debugChannels } from '../../src-shared/ipc/channels/debug.js';
import { deliveryChannels } from '../../src-shared/ipc/channels/delivery.js';
import { engineChannels } from '../../src-shared/ipc/channels/engine.js';
import { gitChannels } from '../../src-shared/ipc/channels/git.js';
import { graphChannels } from '../../src-shared/ipc/channels/graph.js';
import { insightChannels } from '../../src-shared/ipc/channels/insight.js';
import { languageChannels } from '../../src-shared/ipc/channels/language.js';
import { events, type EventName, type EventPayload } from '../../src-shared/ipc/contract.js';
import { createDispatcher, defaultValidateResponses, type Dispatch } from './dispatch.js';
import type { ReconcileLimits } from '../engine/index.js';
import type { Handlers, HostContext } from './handlers.js';
import { lazyHandlers, lazyModule } from './lazy-handlers.js';
import { silentLogger, type Logger } from './log.js';
import { defaultProjectDir, readPackageVersion } from './package-root.js';
import type { OsEncryptor } from '../project/secret-store.js';
import { ProjectSession } from './project-session.js';
import { createCoreHandlers } from './services/core.js';
import { deliveryPaths } from '../delivery/layout.js';

// The feature services load on their first request (./lazy-handlers.ts): start-up only pays for the core.
const engineService = lazyModule(() => import('./services/engine.js'));
const gitService = lazyModule(() => import('./services/git.js'));
const deliveryService = lazyModule(() => import('./services/delivery.js'));
const languageService = lazyModule(() => import('./services/language.js'));
const debugService = lazyModule(() => import('./services/debug.js'));
const insightService = lazyModule(() => import('./services/insight.js'));

export interface HostOptions {
  transport: 'electron' | 'websocket';
  /** App-level data folder (see project/settings.ts resolveAppDataDir). */
  appDataDir: string;
  /** Native folder dialog; only Electron has one. */
  pickFolder?: () => Promise<string | null>;
  /** The folder browser's root (project.folders lists nothing outside it); defaults to the user's home. */
  browseRoot?: string;
  log?: Logger;
  /** The app version (Electron: app.getVersion()); defaults to package.json's. */
  version?: string;
  /** The bundled example project; defaults to <package>/examples/hello-world when it exists. */
  exampleProject?: string;
  /** Defaults to on unless NODE_ENV=production. */
  validateResponses?: boolean;
  /** Watch the open project for external changes (default true). */
  watch?: boolean;
  watchDebounceMs?: number;
  /** `server start -r`: runs use the internal backends (engine/backends). */
  internalReconcilers?: boolean;
  /** `server start -s`: a run once ends with the config validator (engine/sdc/). */
  configValidator?: boolean;
  /** Encrypts git credentials and environment secrets with the OS keychain (Electron's safeStorage). */
  encryptor?: OsEncryptor;
  /** `server start --max-steps/--reconcile-timeout`: budgets of each reconcile. */
  limits?: ReconcileLimits;
  /** `server start --apis …`: the project's folders (engine/files/folders.ts). */
  folders?: HostContext['folders'];
  /** The app: where a project with "keep deployments running" runs them (services/delivery.ts). */
  projectHost?: HostContext['projectHost'];
}

export type HostEventListener = (event: EventName, payload: unknown) => void;

/**
 * Every handler group of the app, composed into the full contract. The `Handlers` annotation is the
 * point: adding a channel group to the contract without composing its handlers here fails to compile.
 */
export function composeHandlers(core: ReturnType<typeof createCoreHandlers>): Handlers {
  return {
    ...core,
    ...lazyHandlers(engineChannels, async () => (await engineService.load()).engineHandlers),
    ...lazyHandlers(languageChannels, async () => (await languageService.load()).languageHandlers),
    ...lazyHandlers(graphChannels, async () => (await languageService.load()).graphHandlers),
    ...lazyHandlers(insightChannels, async () => (await insightService.load()).insightHandlers),
    ...lazyHandlers(gitChannels, async () => (await gitService.load()).gitHandlers),
    ...lazyHandlers(deliveryChannels, async () => (await deliveryService.load()).deliveryHandlers),
    ...lazyHandlers(debugChannels, async () => (await debugService.load()).debugHandlers),
  };
}

function bundledExample(): string | undefined {
  try {
    const dir = defaultProjectDir();
    return existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export class Host {
  readonly session: ProjectSession;
  readonly dispatch: Dispatch;
  private readonly listeners = new Set<HostEventListener>();
  private readonly log: Logger;
  private readonly validate: boolean;
  /** Feature services key their per-host state on this object. */
  private readonly ctx: HostContext;

  constructor(options: HostOptions) {
    this.log = options.log ?? silentLogger;
    this.validate = options.validateResponses ?? defaultValidateResponses();
    const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => this.emit(event, payload);
    this.session = new ProjectSession(options.appDataDir, emit, this.log, {
      watch: options.watch ?? true,
      watchDebounceMs: options.watchDebounceMs,
    });
    const ctx: HostContext = {
      projectRoot: () => this.session.root(),
      emit,
      appDataDir: options.appDataDir,
      internalReconcilers: options.internalReconcilers,
      configValidator: options.configValidator,
      encryptor: options.encryptor,
      limits: options.limits,
      folders: options.folders,
      projectHost: options.projectHost,
    };
    this.ctx = ctx;
    const core = createCoreHandlers({
      session: this.session,
      transport: options.transport,
      version: options.version ?? readPackageVersion(),
      pickFolder: options.pickFolder,
      browseRoot: options.browseRoot ?? homedir(),
      appDataDir: options.appDataDir,
      exampleProject: options.exampleProject ?? bundledExample(),
    });
    this.dispatch = createDispatcher(composeHandlers(core), ctx, { validateResponses: this.validate, log: this.log });
  }

  /** Subscribes a transport to every event; returns the unsubscribe function. */
  onEvent(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.validate) {
      const checked = events[event].safeParse(payload);
      if (!checked.success) {
        this.log.error(`dropped event "${event}": its payload breaks the contract (${checked.error.message})`);
        return;
      }
    }
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch (err) {
        this.log.error(`event listener for "${event}" failed: ${(err as Error).message}`);
      }
    }
  }

  openProject(dir: string) {
    return this.session.open(dir);
  }

  /**
   * Opens the delivery service of the open project now rather than on its first request when the project
   * has deployments, so its active ones serve again at once (the project's host after a crash, a reboot or a
   * stop; the app at its start, here or, with "keep deployments running", by attaching to the project's
   * background host or starting it). A project without delivery state is left alone (nothing is created in it).
   */
  async resumeDelivery(): Promise<void> {
    if (!existsSync(deliveryPaths(this.session.root()).deployments)) return;
    await (await deliveryService.load()).resumeDeliveryService(this.ctx);
  }

  /** Stops watchers and feature services (engine workers, prod runner) so the process can exit. */
  async close(): Promise<void> {
    this.session.close();
    this.listeners.clear();
    try {
      await engineService.loaded()?.disposeEngineService(this.ctx);
    } catch (err) {
      this.log.error(`closing the engine service: ${(err as Error).message}`);
    }
    await debugService
      .loaded()
      ?.disposeDebugService(this.ctx)
      .catch((err: Error) => this.log.error(`closing the debug session: ${err.message}`));
    await deliveryService
      .loaded()
      ?.disposeDeliveryService(this.ctx)
      .catch((err: Error) => this.log.error(`closing the delivery service: ${err.message}`));
  }
}
