// The shell's own status-bar and title-bar items (the features' items live in their folders); each is a
// small component reading its store, placed and prioritised in app/bar-items.tsx.
import { languageLabel } from '../features/editor/language';
import { roleCounts } from '../features/project/tree-model';
import { useEditor } from '../features/editor/editor-store';
import { problemCounts, useProblems } from '../features/problems/problems-store';
import { CommandButton } from '../kit/CommandButton';
import { IconCommand, IconMoon, IconSun } from '../kit/icons';
import { shortcutLabel } from '../kit/Shortcut';
import { useLayout } from '../state/layout';
import { useNotices } from '../state/notices';
import { useProject } from '../state/project';
import { useTheme } from '../state/theme';

// ---- title bar ---------------------------------------------------------------------------------

export function Logo() {
  return <span className="logo" aria-hidden="true">◉</span>;
}

export function ProjectName() {
  const info = useProject((s) => s.info);
  return (
    <span className="project-name" title={info?.root} data-testid="project-name">
      {info?.name ?? 'Choreo Studio'}
    </span>
  );
}

export function ThemeToggle() {
  const theme = useTheme((s) => s.theme);
  return (
    <CommandButton id="view.toggleTheme" className="icon-btn" testId="theme-toggle" label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
      {theme === 'dark' ? <IconSun /> : <IconMoon />}
    </CommandButton>
  );
}

export function PaletteButton() {
  return (
    <CommandButton id="workbench.showCommands" className="icon-btn" label="Show all commands">
      <IconCommand />
    </CommandButton>
  );
}

// ---- status bar --------------------------------------------------------------------------------

export function ReadyItem() {
  const status = useProject((s) => s.status);
  const tree = useProject((s) => s.tree);
  const link = useProject((s) => s.link);
  const saving = useEditor((s) => Object.values(s.buffers).some((b) => b.saving));
  const ready = status === 'open' && !!tree;
  return (
    <span className="item" data-testid="status-ready">
      {link !== 'open' ? (
        <span title="The connection to the Choreo Studio server dropped; it reconnects by itself.">
          <span className="dot-error">●</span> reconnecting…
        </span>
      ) : saving ? (
        <>
          <span className="dot-warn">●</span> saving…
        </>
      ) : ready ? (
        <>
          <span className="dot-ok">✓</span> ready
        </>
      ) : (
        <>
          <span className="dot-unknown">○</span> {status === 'opening' ? 'opening…' : 'loading…'}
        </>
      )}
    </span>
  );
}

export function TransportItem() {
  const app = useProject((s) => s.app);
  if (!app) return null;
  return (
    <span className="item subtle" title={`Connected through ${app.transport === 'electron' ? 'the desktop app' : 'the browser-mode server'}`}>
      {app.transport === 'electron' ? 'desktop' : 'browser'}
    </span>
  );
}

export function PathItem() {
  const info = useProject((s) => s.info);
  if (!info) return null;
  return (
    <span className="item-text mono" title={info.root} data-testid="status-path">
      {info.root}
    </span>
  );
}

export function CountsItem() {
  const tree = useProject((s) => s.tree);
  if (!tree) return null;
  const counts = roleCounts(tree);
  return (
    <span className="item" title="Files in the project's folders of APIs (crds/, or apis/ in earlier projects), input, reconcilers and libraries" data-testid="status-counts">
      {counts.crds} crds · {counts.in} in · {counts.reconcilers} reconcilers · {counts.libs} libs
    </span>
  );
}

export function UnsavedItem() {
  const dirtyCount = useEditor((s) => Object.values(s.buffers).filter((b) => b.dirty).length);
  if (!dirtyCount) return null;
  return (
    <span className="item" title="Files with unsaved changes" data-testid="status-unsaved">
      <span className="dot-warn">●</span> {dirtyCount} unsaved
    </span>
  );
}

/** The latest warning or error, cut with an ellipsis (the full text is the tooltip; click: dismiss). */
export function NoticeItem() {
  const lastNotice = useNotices((s) => s.notices[s.notices.length - 1]);
  if (!lastNotice || lastNotice.level === 'info') return null;
  return (
    <span
      className={`item-text ${lastNotice.level === 'error' ? 'dot-error' : 'dot-warn'}`}
      title={lastNotice.message}
      data-testid="status-notice"
    >
      {lastNotice.level === 'error' ? '⊗ ' : '⚠ '}
      {lastNotice.message}
    </span>
  );
}

export function ProblemsItem() {
  const problems = useProblems((s) => s.items);
  const pc = problemCounts(problems);
  return (
    <button className="item" title="Problems (click: the Problems panel)" onClick={() => useLayout.getState().showPanel('problems')} data-testid="status-problems">
      <span className={pc.error ? 'dot-error' : ''}>⊗ {pc.error}</span>
      <span className={pc.warning ? 'dot-warn' : ''}>⚠ {pc.warning}</span>
    </button>
  );
}

export function CursorItem() {
  const active = useEditor((s) => s.active);
  const cursor = useEditor((s) => s.cursor);
  if (!active || !cursor) return null;
  return (
    <span className="item" data-testid="status-cursor">
      Ln {cursor.line}, Col {cursor.column}
    </span>
  );
}

export function LanguageItem() {
  const buffer = useEditor((s) => (s.active ? s.buffers[s.active] : undefined));
  if (!buffer) return null;
  return <span className="item">{languageLabel(buffer.language)}</span>;
}

export function CommandsHintItem() {
  return (
    <button className="item" onClick={() => useLayout.getState().openPalette('commands')} title="Show all commands">
      {shortcutLabel('workbench.showCommands')} commands
    </button>
  );
}
