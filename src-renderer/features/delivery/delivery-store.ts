// Delivery state for the Environments view and the History panel: the overview (environments with their
// active deployment, builds, settings), configuration entries (secrets without values: write-only), the
// history with its filters, the open log, the preview of a promotion/rollback, and which action is busy.
// Pure state + small pure helpers; the host calls live in delivery-controller.ts.
import { create } from 'zustand';
import type {
  BuildRecord,
  ConfigEntry,
  Deployment,
  DeliverySettings,
  EnvironmentOverview,
  Execution,
  PreviewItem,
} from '../../../src-shared/ipc/channels/delivery';

export interface HistoryFilters {
  env: string;
  kind: string;
  status: string;
  text: string;
  sinceDays: number | null;
}

/** What a confirmation dialog is about to do, with the snapshot diff between the two builds. */
export interface PendingAction {
  kind: 'promote' | 'rollback';
  env: string;
  /** promote: the source environment; rollback: the deployment to go back to */
  from: string;
  to?: string;
  fromBuild?: string;
  toBuild: string;
  items: PreviewItem[] | null;
  error?: string;
}

export interface DeliveryState {
  loaded: boolean;
  environments: EnvironmentOverview[];
  builds: BuildRecord[];
  settings: DeliverySettings | null;
  /** The process that runs the deployments (the app, or the project's background host that outlives it). */
  host: { pid: number; projectHost: boolean } | null;
  runningNow: Execution[];
  count30: number;
  config: ConfigEntry[];
  deployments: Deployment[];
  history: Execution[];
  filters: HistoryFilters;
  /** Execution whose log is open, with the log text (live lines appended while it runs). */
  log: { execution: Execution; text: string } | null;
  pending: PendingAction | null;
  /** Action in progress (button label), e.g. "build", "promote:development". */
  busy: string | null;
  error: string | null;
}

export const initialFilters: HistoryFilters = { env: '', kind: '', status: '', text: '', sinceDays: 30 };

export const useDelivery = create<DeliveryState>()(() => ({
  loaded: false,
  environments: [],
  builds: [],
  settings: null,
  host: null,
  runningNow: [],
  count30: 0,
  config: [],
  deployments: [],
  history: [],
  filters: initialFilters,
  log: null,
  pending: null,
  busy: null,
  error: null,
}));

export const patchDelivery = (p: Partial<DeliveryState>) => useDelivery.setState(p);

/** History rows that pass the filters (text matches id, kind, env, commit, summary). */
export function filterHistory(list: Execution[], f: HistoryFilters, now = Date.now()): Execution[] {
  const text = f.text.trim().toLowerCase();
  const since = f.sinceDays === null ? undefined : now - f.sinceDays * 86_400_000;
  return list.filter(
    (e) =>
      (!f.env || e.env === f.env) &&
      (!f.kind || e.kind === f.kind) &&
      (!f.status || e.status === f.status) &&
      (since === undefined || Date.parse(e.startedAt) >= since) &&
      (!text || [e.id, e.kind, e.env ?? '', e.commit ?? '', e.summary ?? '', e.trigger].some((s) => s.toLowerCase().includes(text))),
  );
}

/** Configuration entries of one scope plus the global ones it inherits (an own value wins). */
export function effectiveConfig(entries: ConfigEntry[], envId: string): Array<ConfigEntry & { inherited: boolean }> {
  const out = new Map<string, ConfigEntry & { inherited: boolean }>();
  for (const e of entries) if (e.scope === 'all') out.set(e.key, { ...e, inherited: true });
  for (const e of entries) if (e.scope === envId) out.set(e.key, { ...e, inherited: false });
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** The environment after `envId` in promotion order. */
export function nextEnvironment(envs: EnvironmentOverview[], envId: string): EnvironmentOverview | undefined {
  const i = envs.findIndex((e) => e.env.id === envId);
  return i >= 0 ? envs[i + 1] : undefined;
}

/** The deployment a one-click rollback goes back to: the newest non-refused one before the active one. */
export function rollbackTarget(deployments: Deployment[], envId: string, activeId: string | undefined): Deployment | undefined {
  const mine = deployments.filter((d) => d.env === envId && d.status !== 'refused').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const active = mine.find((d) => d.id === activeId);
  return mine.find((d) => d.id !== activeId && (!active || d.createdAt <= active.createdAt));
}

export function shortId(s: string | undefined, n = 8): string {
  return s ? s.slice(0, n) : '—';
}

export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '…';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
