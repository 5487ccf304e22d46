// What the title bar and the status bar show, and which item gives way first when the window is narrow.
// A feature adds an item by exporting a small component (it reads its own store and may render nothing)
// and listing it here with a side and a priority; kit/PriorityBar.tsx does the rest (never an overlap: the
// lowest priorities move into the ⋯ menu). Priorities: 100 must always show; 90s are the main actions and
// the problems count; 50–80 useful state; below 30 what a narrow window can do without.
import type { BarItemDef } from '../kit/PriorityBar';
import { BranchChip, GitModeItem, GitStatusItem } from '../features/git/BranchChip';
import { TitleBarSync } from '../features/git/SyncButton';
import { LastRunChip, ModeChip, ProdButton, RunOnceButton } from '../features/run/EngineToolbar';
import { EngineModeItem, EngineStatus, LeadershipItem, StarlarkStatus } from '../features/run/EngineStatus';
import { ResourcesStatusItem } from '../features/resources/ResourcesStatus';
import {
  CommandsHintItem,
  CountsItem,
  CursorItem,
  LanguageItem,
  Logo,
  NoticeItem,
  PaletteButton,
  PathItem,
  ProblemsItem,
  ProjectName,
  ReadyItem,
  ThemeToggle,
  TransportItem,
  UnsavedItem,
} from './status-items';

export const titleBarItems: BarItemDef[] = [
  { id: 'logo', align: 'start', priority: 100, component: Logo },
  { id: 'project', align: 'start', priority: 100, minWidth: 64, component: ProjectName },
  { id: 'branch', align: 'start', priority: 85, component: BranchChip },
  { id: 'git-sync', align: 'start', priority: 84, component: TitleBarSync },
  { id: 'mode', align: 'end', priority: 60, component: ModeChip },
  { id: 'run-once', align: 'end', priority: 99, component: RunOnceButton },
  { id: 'prod', align: 'end', priority: 98, component: ProdButton },
  { id: 'last-run', align: 'end', priority: 50, component: LastRunChip },
  { id: 'palette', align: 'end', priority: 40, component: PaletteButton },
  { id: 'theme', align: 'end', priority: 20, component: ThemeToggle },
];

export const statusBarItems: BarItemDef[] = [
  { id: 'ready', align: 'start', priority: 100, component: ReadyItem },
  { id: 'mode', align: 'start', priority: 72, component: EngineModeItem },
  { id: 'leadership', align: 'start', priority: 71, component: LeadershipItem },
  { id: 'workspace', align: 'start', priority: 70, component: GitModeItem },
  { id: 'git-progress', align: 'start', priority: 82, component: GitStatusItem },
  { id: 'last-run', align: 'start', priority: 74, component: EngineStatus },
  { id: 'unsaved', align: 'start', priority: 66, component: UnsavedItem },
  { id: 'starlark', align: 'start', priority: 56, component: StarlarkStatus },
  { id: 'resources', align: 'start', priority: 52, component: ResourcesStatusItem },
  { id: 'counts', align: 'start', priority: 18, component: CountsItem },
  { id: 'path', align: 'start', priority: 12, minWidth: 90, component: PathItem },
  { id: 'transport', align: 'start', priority: 8, component: TransportItem },
  { id: 'notice', align: 'end', priority: 88, minWidth: 160, component: NoticeItem },
  { id: 'problems', align: 'end', priority: 92, component: ProblemsItem },
  { id: 'cursor', align: 'end', priority: 34, component: CursorItem },
  { id: 'language', align: 'end', priority: 30, component: LanguageItem },
  { id: 'commands', align: 'end', priority: 24, component: CommandsHintItem },
];
