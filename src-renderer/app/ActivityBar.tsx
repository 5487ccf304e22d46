import { useLayout } from '../state/layout';
import { shortcutLabel } from '../kit/Shortcut';
import { sideViews } from './views';

export function ActivityBar() {
  const sideView = useLayout((s) => s.sideView);
  const visible = useLayout((s) => s.sidebarVisible);
  return (
    <nav className="activitybar" aria-label="Views">
      {sideViews.map((v) => {
        const key = shortcutLabel(`view.show.${v.id}`);
        const Icon = v.icon;
        return (
          <button
            key={v.id}
            className={visible && sideView === v.id ? 'active' : ''}
            title={`${v.title}${key ? ` (${key})` : ''}`}
            aria-label={v.title}
            aria-pressed={visible && sideView === v.id}
            data-testid={`activity-${v.id}`}
            onClick={() => useLayout.getState().setSideView(v.id)}
          >
            <Icon />
          </button>
        );
      })}
    </nav>
  );
}
