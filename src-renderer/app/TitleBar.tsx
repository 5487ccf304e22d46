// The title/tool bar: project, branch, mode, and the run controls (disabled until the engine exists).
import { EngineToolbar } from '../features/run/EngineToolbar';
import { useProject } from '../state/project';
import { useTheme } from '../state/theme';
import { commands } from './commands';
import { IconCommand, IconMoon, IconSun } from './icons';
import { shortcutLabel } from './Shortcut';
import { useDisabledReason } from './useCommandState';

function CommandButton(props: { id: string; className?: string; children: React.ReactNode; label?: string; testId?: string }) {
  const reason = useDisabledReason(props.id);
  const cmd = commands.get(props.id);
  const key = shortcutLabel(props.id);
  const title = reason ?? `${cmd?.title ?? props.id}${key ? ` (${key})` : ''}`;
  return (
    // A disabled <button> swallows hover in some browsers; the wrapper keeps the tooltip reachable.
    <span title={title} data-testid={props.testId}>
      <button
        className={props.className ?? 'btn'}
        disabled={!!reason}
        aria-label={props.label ?? cmd?.title}
        onClick={() => void commands.execute(props.id)}
      >
        {props.children}
      </button>
    </span>
  );
}

export function TitleBar() {
  const info = useProject((s) => s.info);
  const theme = useTheme((s) => s.theme);
  return (
    <header className="titlebar" data-testid="titlebar">
      <div className="brand">
        <span className="logo">◉</span>
        <span className="project-name" title={info?.root} data-testid="project-name">
          {info?.name ?? 'Choreo Studio'}
        </span>
      </div>
      <span
        className="chip"
        title={info?.isGitRepo ? 'Inside a git repository. Branches and changes appear here once Git support arrives.' : 'Not a git repository. Git support arrives in a later version.'}
        data-testid="branch-chip"
      >
        ⎇ {info?.isGitRepo ? 'git' : 'no git'}
      </span>
      <span className="spacer" />
      <EngineToolbar />
      <CommandButton id="view.toggleTheme" className="icon-btn" testId="theme-toggle" label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? <IconSun /> : <IconMoon />}
      </CommandButton>
      <CommandButton id="workbench.showCommands" className="icon-btn" label="Show all commands">
        <IconCommand />
      </CommandButton>
    </header>
  );
}
