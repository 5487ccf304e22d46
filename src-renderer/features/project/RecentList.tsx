import { openProject, removeRecent } from './project-controller';
import { useProject } from '../../state/project';

/**
 * Recent projects, most recent first; the open one is left out. A folder that is gone is marked and
 * cannot be opened; any entry can be removed from the list (the folder itself is never touched).
 */
export function RecentList(props: { onOpened?: () => void }) {
  const recent = useProject((s) => s.recent);
  const current = useProject((s) => s.info?.root);
  const items = recent.filter((r) => r.root !== current);
  if (!items.length) {
    return (
      <p className="muted" style={{ margin: 0 }}>
        {recent.length ? 'No other recent projects.' : 'No recent projects yet. Folders you open appear here.'}
      </p>
    );
  }
  return (
    <ul className="link-list recent-list" data-testid="recent-projects">
      {items.map((r) => (
        <li key={r.root} className={r.missing ? 'missing' : undefined} data-testid="recent-project">
          <button
            disabled={r.missing}
            onClick={async () => {
              if (await openProject(r.root)) props.onOpened?.();
            }}
            title={r.missing ? `${r.root}\nThis folder is no longer there (moved or deleted).` : `${r.root}\nopened ${new Date(r.openedAt).toLocaleString()}`}
          >
            <span className="name">{r.name}</span>
            {r.missing && <span className="badge-missing" data-testid="recent-missing">missing</span>}
            <span className="where">{r.root}</span>
          </button>
          <button
            className="recent-remove"
            aria-label={`Remove ${r.name} from the recent list`}
            title="Remove from the list (the folder is not touched)"
            data-testid="recent-remove"
            onClick={() => void removeRecent(r.root)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
