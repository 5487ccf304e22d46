// The title/tool bar: project, branch, the engine's run controls, theme and palette.
import { EngineToolbar } from '../features/run/EngineToolbar';
import { BranchChip } from '../features/git/BranchChip';
import { useProject } from '../state/project';
import { useTheme } from '../state/theme';
import { CommandButton } from '../kit/CommandButton';
import { IconCommand, IconMoon, IconSun } from '../kit/icons';

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
      <BranchChip />
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
