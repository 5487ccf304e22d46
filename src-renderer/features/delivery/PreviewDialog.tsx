// The confirmation of a promotion or rollback: what changes (the snapshot diff between the build running
// now and the one that will run), then Confirm or Cancel. The switch itself is health-checked by the host.
import { useDelivery, shortId } from './delivery-store';
import { cancelPending, confirmPending } from './delivery-controller';
import { DiffMarker } from '../../kit/status-dot';

export function PreviewDialog() {
  const p = useDelivery((s) => s.pending)!;
  const changed = p.items?.filter((i) => i.status !== 'equal') ?? [];
  const counts = { added: 0, modified: 0, deleted: 0 } as Record<string, number>;
  for (const i of changed) counts[i.status] = (counts[i.status] ?? 0) + 1;
  const title =
    p.kind === 'promote'
      ? `Promote build ${shortId(p.toBuild)} from ${p.from} to ${p.to}`
      : `Roll ${p.env} back to ${p.from} (build ${shortId(p.toBuild)})`;
  return (
    <div className="dlv-modal" role="dialog" aria-modal="true" aria-label={title} data-testid="dlv-preview">
      <div className="dlv-modal-box">
        <h4>{title}</h4>
        <p className="muted">
          {p.fromBuild ? `Changes from build ${shortId(p.fromBuild)} (running now) to ${shortId(p.toBuild)}:` : `${p.env} runs nothing yet; every object is new:`}{' '}
          <span className="eng-mark-added">+{counts.added ?? 0}</span> <span className="eng-mark-modified">~{counts.modified ?? 0}</span>{' '}
          <span className="eng-mark-deleted">-{counts.deleted ?? 0}</span>
        </p>
        {p.error && <div className="dlv-error">{p.error}</div>}
        <ul className="dlv-list dlv-preview-list" data-testid="dlv-preview-items">
          {p.items === null && <li className="muted">Computing the diff…</li>}
          {p.items !== null && changed.length === 0 && <li className="muted">No object changes: same output (configuration may still differ).</li>}
          {changed.map((i) => (
            <li key={`${i.kind}/${i.namespace ?? ''}/${i.name}`} data-status={i.status} title={i.diff}>
              <DiffMarker status={i.status} /> <span className="mono">{i.kind}</span> {i.namespace ? `${i.namespace}/` : ''}
              {i.name}
            </li>
          ))}
        </ul>
        <p className="muted">
          {p.kind === 'promote'
            ? `The build is health-checked with ${p.to}'s configuration in a separate runner first; ${p.to} keeps serving its current deployment until the switch, and nothing changes if the check fails.`
            : 'The previous build runs again with the configuration it had; the current deployment keeps serving until the new runner is healthy.'}
        </p>
        <div className="dlv-row dlv-end">
          <button className="btn" onClick={cancelPending}>
            Cancel
          </button>
          <button className="btn primary" data-testid="dlv-confirm" onClick={() => void confirmPending()}>
            {p.kind === 'promote' ? 'Promote' : 'Roll back'}
          </button>
        </div>
      </div>
    </div>
  );
}
