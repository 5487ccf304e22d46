import { useLayout } from '../state/layout';
import { Sash } from './Sash';
import { sideViews } from './views';

export function SideBar() {
  const sideView = useLayout((s) => s.sideView);
  const width = useLayout((s) => s.sidebarWidth);
  const view = sideViews.find((v) => v.id === sideView) ?? sideViews[0];
  const View = view.component;
  return (
    <aside className="sidebar" style={{ width }} aria-label={view.title} data-testid={`sideview-${view.id}`}>
      {!view.ownHeader && (
        <div className="view-header">
          <span className="title">{view.title}</span>
        </div>
      )}
      <div className="view-body" style={view.ownHeader ? { overflow: 'hidden' } : undefined}>
        <View />
      </div>
      <Sash direction="vertical" size={width} onResize={(w) => useLayout.getState().setSidebarWidth(w)} label="Resize side bar" />
    </aside>
  );
}
