import { openProject } from './project-controller';
import { useProject } from '../../state/project';

/** Recent projects, most recent first; the open one is left out. */
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
    <ul className="link-list" data-testid="recent-projects">
      {items.map((r) => (
        <li key={r.root}>
          <button
            onClick={async () => {
              if (await openProject(r.root)) props.onOpened?.();
            }}
            title={`${r.root}\nopened ${new Date(r.openedAt).toLocaleString()}`}
          >
            <span className="name">{r.name}</span>
            <span className="where">{r.root}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
