import { sidebarWidthOf, useLayout } from '../state/layout';
import { Sash } from '../kit/Sash';
import { sideViews } from './views';

export function SideBar() {
  const sideView = useLayout((s) => s.sideView);
  const view = sideViews.find((v) => v.id === sideView) ?? sideViews[0];
  // Each view keeps its own width: the explorer narrow, search and git wider.
  const width = useLayout((s) => sidebarWidthOf(s, view.id));
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
