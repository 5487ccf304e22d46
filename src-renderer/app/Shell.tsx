// The workbench: title bar, activity bar, side bar, editor, bottom panel, status bar.
import { EditorArea } from '../features/editor/EditorArea';
import { GitDiffEditor } from '../features/git/GitDiffEditor';
import { useLayout } from '../state/layout';
import { ActivityBar } from './ActivityBar';
import { BottomPanel } from './BottomPanel';
import { SideBar } from './SideBar';
import { StatusBar } from './StatusBar';
import { TitleBar } from './TitleBar';
import { mainViews } from './views';

export function Shell() {
  const sidebarVisible = useLayout((s) => s.sidebarVisible);
  const panelVisible = useLayout((s) => s.panelVisible);
  const maximized = useLayout((s) => s.panelMaximized);
  return (
    <div className="shell" data-testid="shell">
      <TitleBar />
      <div className="workbench">
        <ActivityBar />
        {/* A maximised panel (a diff, the condition table) takes the whole width; the side bar comes back with it. */}
        {sidebarVisible && !(panelVisible && maximized) && <SideBar />}
        <main className="main-column">
          <div className="editor-region" style={panelVisible && maximized ? { display: 'none' } : undefined}>
            <EditorArea views={mainViews} />
            <GitDiffEditor />
          </div>
          {panelVisible && <BottomPanel />}
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
