// The side views, main-area views and bottom-panel tabs, and the order of the activity bar. A feature plugs
// in by adding (or replacing) its entry here (each lives in its own features/<name>/ folder); the shell, the
// activity bar, the `view.show.*` / `view.open.*` / `view.panel.*` commands and the palette follow.
//
// Side view or main view? A side view is a narrow companion of the editor (files, search, git). A view
// that needs room — tables, columns, a graph — is a main view: it opens as a tab beside the files.
import type { ComponentType, ReactElement } from 'react';
import { DebugConsolePanel } from '../features/debug/DebugConsolePanel';
import { DebugView } from '../features/debug/DebugView';
import { ConditionsPanel } from '../features/conditions/ConditionsPanel';
import { DepsPanel } from '../features/deps/DepsPanel';
import { EnvironmentsView } from '../features/delivery/EnvironmentsView';
import { Explorer } from '../features/explorer/Explorer';
import { GitView } from '../features/git/GitView';
import { GraphView } from '../features/graph/GraphView';
import { HistoryPanel } from '../features/delivery/HistoryPanel';
import { ProblemsPanel } from '../features/problems/ProblemsPanel';
import { RunPanel } from '../features/run/RunPanel';
import { RunsView } from '../features/snapshots/RunsView';
import { ResourcesView } from '../features/resources/ResourcesView';
import { SnapshotsPanel } from '../features/snapshots/SnapshotsPanel';
import { PlanPanel } from '../features/plan/PlanPanel';
import { SearchView } from '../features/search/SearchView';
import { problemCounts, useProblems } from '../features/problems/problems-store';
import type { PanelTab, SideView } from '../state/layout';
import { IconDebug, IconEnvironments, IconFiles, IconGit, IconGraph, IconResources, IconRuns, IconSearch } from '../kit/icons';

export interface SideViewDef {
  id: SideView;
  title: string;
  icon: () => ReactElement;
  shortcut?: string;
  component: ComponentType;
  /** Whether the view has its own header (the explorer does). */
  ownHeader?: boolean;
}

/** A view that opens as a tab in the main area (the editor's place), e.g. Environments. */
export interface MainViewDef {
  id: string;
  title: string;
  icon: () => ReactElement;
  shortcut?: string;
  component: ComponentType;
}

export interface PanelDef {
  id: PanelTab;
  title: string;
  shortcut?: string;
  component: ComponentType;
  /** A count shown on the tab, if any (a hook: it may read stores). */
  useBadge?: () => { count: number; tone: 'error' | 'normal' } | null;
}

export const sideViews: SideViewDef[] = [
  { id: 'files', title: 'Explorer', icon: IconFiles, shortcut: 'Mod+Shift+E', component: Explorer, ownHeader: true },
  { id: 'search', title: 'Search', icon: IconSearch, component: SearchView },
  { id: 'git', title: 'Source Control', icon: IconGit, shortcut: 'Mod+Shift+G', component: GitView, ownHeader: true },
  { id: 'runs', title: 'Runs', icon: IconRuns, component: RunsView },
  { id: 'debug', title: 'Run and Debug', icon: IconDebug, shortcut: 'Mod+Shift+D', component: DebugView },
];

export const mainViews: MainViewDef[] = [
  { id: 'resources', title: 'Resources', icon: IconResources, component: ResourcesView },
  { id: 'environments', title: 'Environments', icon: IconEnvironments, component: EnvironmentsView },
  { id: 'graph', title: 'Graph', icon: IconGraph, component: GraphView },
];

/** The activity bar, top to bottom: a side view switches the side bar, a main view opens (or shows) its tab. */
export const activityBar: ReadonlyArray<{ kind: 'side'; id: SideView } | { kind: 'main'; id: string }> = [
  { kind: 'side', id: 'files' },
  { kind: 'side', id: 'search' },
  { kind: 'side', id: 'git' },
  { kind: 'side', id: 'runs' },
  { kind: 'side', id: 'debug' },
  { kind: 'main', id: 'resources' },
  { kind: 'main', id: 'environments' },
  { kind: 'main', id: 'graph' },
];

function useProblemsBadge() {
  const items = useProblems((s) => s.items);
  if (!items.length) return null;
  const c = problemCounts(items);
  return { count: items.length, tone: c.error ? ('error' as const) : ('normal' as const) };
}

export const panels: PanelDef[] = [
  { id: 'run', title: 'Run', component: RunPanel },
  { id: 'conditions', title: 'Conditions', component: ConditionsPanel },
  { id: 'snapshots', title: 'Snapshots', component: SnapshotsPanel },
  { id: 'plan', title: 'Plan', component: PlanPanel },
  { id: 'deps', title: 'Deps', component: DepsPanel },
  { id: 'problems', title: 'Problems', shortcut: 'Mod+Shift+M', component: ProblemsPanel, useBadge: useProblemsBadge },
  { id: 'history', title: 'History', component: HistoryPanel },
  { id: 'debug', title: 'Debug Console', component: DebugConsolePanel },
];
