import { useLayout } from '../state/layout';
import { shortcutLabel } from '../kit/Shortcut';
import { activityBar, mainViews, sideViews } from './views';

export function ActivityBar() {
  const sideView = useLayout((s) => s.sideView);
  const visible = useLayout((s) => s.sidebarVisible);
  const mainView = useLayout((s) => s.mainView);
  return (
    <nav className="activitybar" aria-label="Views">
      {activityBar.map((entry) => {
        const def = entry.kind === 'side' ? sideViews.find((v) => v.id === entry.id) : mainViews.find((v) => v.id === entry.id);
        if (!def) return null;
        const command = entry.kind === 'side' ? `view.show.${def.id}` : `view.open.${def.id}`;
        const key = shortcutLabel(command);
        const active = entry.kind === 'side' ? visible && sideView === def.id : mainView === def.id;
        const Icon = def.icon;
        return (
          <button
            key={def.id}
            className={active ? 'active' : ''}
            title={`${def.title}${entry.kind === 'main' ? ' (opens as a tab)' : ''}${key ? ` (${key})` : ''}`}
            aria-label={def.title}
            aria-pressed={active}
            data-testid={`activity-${def.id}`}
            onClick={() => (entry.kind === 'side' ? useLayout.getState().setSideView(entry.id) : useLayout.getState().showMainView(entry.id))}
          >
            <Icon />
          </button>
        );
      })}
    </nav>
  );
}
