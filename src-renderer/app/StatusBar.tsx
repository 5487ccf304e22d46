// Status bar: ready state, mode, project path, project counts, problems, cursor, language, palette hint.
import { languageLabel } from '../features/editor/language';
import { GitModeItem, GitStatusItem } from '../features/git/BranchChip';
import { EngineStatus } from '../features/run/EngineStatus';
import { roleCounts } from '../features/project/tree-model';
import { useEditor } from '../features/editor/editor-store';
import { useLayout } from '../state/layout';
import { useNotices } from '../state/notices';
import { problemCounts, useProblems } from '../features/problems/problems-store';
import { useProject } from '../state/project';
import { shortcutLabel } from '../kit/Shortcut';

export function StatusBar() {
  const status = useProject((s) => s.status);
  const info = useProject((s) => s.info);
  const tree = useProject((s) => s.tree);
  const app = useProject((s) => s.app);
  const active = useEditor((s) => s.active);
  const buffer = useEditor((s) => (s.active ? s.buffers[s.active] : undefined));
  const cursor = useEditor((s) => s.cursor);
  const saving = useEditor((s) => Object.values(s.buffers).some((b) => b.saving));
  const dirtyCount = useEditor((s) => Object.values(s.buffers).filter((b) => b.dirty).length);
  const problems = useProblems((s) => s.items);
  const lastNotice = useNotices((s) => s.notices[s.notices.length - 1]);
  const counts = roleCounts(tree);
  const pc = problemCounts(problems);
  const link = useProject((s) => s.link);
  const ready = status === 'open' && !!tree;
  return (
    <footer className="statusbar" data-testid="statusbar">
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
      <GitModeItem />
      {app && (
        <span className="item subtle" title={`Connected through ${app.transport === 'electron' ? 'the desktop app' : 'the browser-mode server'}`}>
          {app.transport === 'electron' ? 'desktop' : 'browser'}
        </span>
      )}
      {info && (
        <span className="item path mono" title={info.root} data-testid="status-path">
          {info.root}
        </span>
      )}
      {tree && (
        <span className="item" title="Files in the project's folders of APIs (crds/, or apis/ in earlier projects), input, reconcilers and libraries" data-testid="status-counts">
          {counts.crds} crds · {counts.in} in · {counts.reconcilers} reconcilers · {counts.libs} libs
        </span>
      )}
      <EngineStatus />
      {dirtyCount > 0 && (
        <span className="item" title="Files with unsaved changes">
          <span className="dot-warn">●</span> {dirtyCount} unsaved
        </span>
      )}
      <GitStatusItem />
      <span className="spacer" />
      {lastNotice && lastNotice.level !== 'info' && (
        <span className={`item path ${lastNotice.level === 'error' ? 'dot-error' : 'dot-warn'}`} title={lastNotice.message}>
          {lastNotice.message}
        </span>
      )}
      <button className="item" title="Problems in open files" onClick={() => useLayout.getState().showPanel('problems')} data-testid="status-problems">
        <span className={pc.error ? 'dot-error' : ''}>⊗ {pc.error}</span>
        <span className={pc.warning ? 'dot-warn' : ''}>⚠ {pc.warning}</span>
      </button>
      {active && cursor && (
        <span className="item" data-testid="status-cursor">
          Ln {cursor.line}, Col {cursor.column}
        </span>
      )}
      {buffer && <span className="item">{languageLabel(buffer.language)}</span>}
      <button className="item" onClick={() => useLayout.getState().openPalette('commands')} title="Show all commands">
        {shortcutLabel('workbench.showCommands')} commands
      </button>
    </footer>
  );
}
