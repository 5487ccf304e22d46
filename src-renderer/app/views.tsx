// The side views and bottom-panel tabs. A feature plugs in by adding (or replacing) its entry here
// (each lives in its own features/<name>/ folder); the shell, activity bar and commands follow.
import type { ComponentType, ReactElement } from 'react';
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
import { SnapshotsPanel } from '../features/snapshots/SnapshotsPanel';
import { IconSearch, SearchView } from '../features/search/SearchView';
import { problemCounts, useProblems } from '../features/problems/problems-store';
import type { PanelTab, SideView } from '../state/layout';
import { IconEnvironments, IconFiles, IconGit, IconGraph, IconRuns } from '../kit/icons';

export interface SideViewDef {
  id: SideView;
  title: string;
  icon: () => ReactElement;
  shortcut?: string;
  component: ComponentType;
  /** Whether the view has its own header (the explorer does). */
  ownHeader?: boolean;
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
  { id: 'environments', title: 'Environments', icon: IconEnvironments, component: EnvironmentsView },
  { id: 'graph', title: 'Graph', icon: IconGraph, component: GraphView },
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
  { id: 'deps', title: 'Deps', component: DepsPanel },
  { id: 'problems', title: 'Problems', shortcut: 'Mod+Shift+M', component: ProblemsPanel, useBadge: useProblemsBadge },
  { id: 'history', title: 'History', component: HistoryPanel },
];
