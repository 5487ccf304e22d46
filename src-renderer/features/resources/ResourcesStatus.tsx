// Status-bar item: how many objects the last run produced (the same count as the Resources view) and
// how many changed; click opens the view.
import { useResources } from './resources-store';
import { showResources } from './resources-controller';

export function ResourcesStatusItem() {
  const summary = useResources((s) => s.summary);
  if (!summary) return null;
  const c = summary.changes;
  const changed = c.added + c.modified + c.deleted;
  const title = `${summary.total} objects in the last run's snapshot${summary.hasPrevious ? ` (+${c.added} ~${c.modified} -${c.deleted} since the previous run)` : ''} — click: the Resources view`;
  return (
    <button className="item" title={title} onClick={showResources} data-testid="status-resources">
      ▦ {summary.total} resources
      {summary.hasPrevious && changed > 0 && <span className="dot-warn">· {changed} changed</span>}
    </button>
  );
}
