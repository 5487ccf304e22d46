// What a contract handler gets and must return. Feature services export a `HandlerGroup` for their
// channel group (src-shared/ipc/channels/*.ts); src-main/host composes them into the full `Handlers`
// map, and the compiler refuses a host that misses a channel.
import type { EnsureHostOptions } from './background-host.js';
import type { z } from 'zod';
import type { ReconcileLimits, ProjectFolders } from '../engine/index.js';
import type { ChannelGroup, Channels, ErrorCode, EventName, EventPayload } from '../../src-shared/ipc/contract.js';
import type { OsEncryptor } from '../project/secret-store.js';

/** The host's services as a handler sees them. */
export interface HostContext {
  /** Absolute root of the open project; throws HostError('no-project') when no project is open. */
  projectRoot(): string;
  /** Sends an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** App-level data folder (Electron userData or ~/.config/choreo-studio): settings, credentials. */
  appDataDir: string;
  /** `server start -r`: runs use the internal backends (IPAM, VLAN, AS, GENID). */
  internalReconcilers?: boolean;
  /** `server start -s`: a run once ends with the config validator (engine/sdc/). */
  configValidator?: boolean;
  /** The OS keychain (Electron's safeStorage) for git credentials and environment secrets; without it they
   *  are encrypted with AES-256-GCM and a 0600 key file in the app data folder. */
  encryptor?: OsEncryptor;
  /** `server start --max-steps/--reconcile-timeout`: budgets of each reconcile. */
  limits?: ReconcileLimits;
  /** `server start --apis …`: the project's folders where they are not the defaults (engine/files/folders.ts). */
  folders?: Partial<ProjectFolders>;
  /**
   * The app only (not the project's host itself): how to reach the project's background host, to which a
   * project with the setting "keep deployments running" hands its delivery (services/delivery.ts).
   */
  projectHost?: ProjectHostOptions;
}

export interface ProjectHostOptions {
  /** The app data folder of a plain-node host (`CHOREO_STUDIO_HOME` or ~/.config/choreo-studio): its secrets' key file. */
  appDataDir: string;
  /** How the host is started (tests: its environment). */
  start?: EnsureHostOptions;
}

/** An error a handler throws on purpose; it reaches the renderer as `{ ok: false, error }`. */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export type Handler<D extends { request: z.ZodType; response: z.ZodType }> = (
  request: z.output<D['request']>,
  ctx: HostContext,
) => Promise<z.input<D['response']>>;

/** Handlers for one channel group. */
export type HandlerGroup<G extends ChannelGroup> = { [K in keyof G]: Handler<G[K]> };

/** Handlers for the whole contract. */
export type Handlers = HandlerGroup<Channels>;
