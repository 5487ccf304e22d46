// The snapshot diff's "Compare…" row (issue 13 item 3): pick the two sides of the diff among the snapshots,
// the recent git revisions (or any revision typed: a branch, a tag, HEAD~2) and the delivery environments
// (what their active deployment serves). The panel shows the chosen pair in the same diff view.
import { useEffect, useState } from 'react';
import type { SnapshotSummary } from '../../../src-shared/ipc/channels/engine';
import { formatTime } from '../../kit/status-dot';
import { compareChoices, environmentSide, type CompareChoices } from './snapshots-controller';

/** The select's value for "type a revision". */
const TYPED = '\u0000typed';

function SidePicker(props: { label: string; value: string; onChange(v: string): void; snapshots: SnapshotSummary[]; choices: CompareChoices | null; testId: string }) {
  const { choices, snapshots, value } = props;
  const known = value === '' || value === 'latest' || value === 'previous' || snapshots.some((s) => s.id === value) || choices?.revisions.some((r) => `rev:${r.oid}` === value) || choices?.environments.some((e) => environmentSide(e) === value);
  const [chose, setTyping] = useState(false);
  // a side typed before (HEAD~2), once the choices are known not to hold it, shows in the text field
  const typing = chose || (choices !== null && !known);
  const typed = value.startsWith('rev:') ? value.slice(4) : '';
  return (
    <span className="cmp-side">
      <span className="cmp-role">{props.label}</span>
      <select
        value={typing ? TYPED : value}
        onChange={(e) => {
          const v = e.target.value;
          setTyping(v === TYPED);
          if (v !== TYPED) props.onChange(v);
        }}
        data-testid={`${props.testId}-select`}
        aria-label={`Side ${props.label}`}
      >
        <optgroup label="Snapshots">
          <option value="latest">the last run</option>
          {snapshots.slice(0, 50).map((s, i) => (
            <option key={s.id} value={s.id}>
              {i === 0 ? 'latest run' : formatTime(s.createdAt)} · {s.id.slice(0, 8)}
            </option>
          ))}
        </optgroup>
        <optgroup label="Git revisions">
          {(choices?.revisions ?? []).map((r) => (
            <option key={r.oid} value={`rev:${r.oid}`}>
              {r.oid.slice(0, 7)} {r.summary.length > 48 ? `${r.summary.slice(0, 47)}…` : r.summary}
            </option>
          ))}
          <option value={TYPED}>Another revision (branch, tag, HEAD~N)…</option>
        </optgroup>
        <optgroup label="Environments">
          {(choices?.environments ?? []).map((e) => (
            <option key={e.id} value={environmentSide(e)} disabled={!e.deployment}>
              {e.name}
              {e.deployment ? ` · build ${e.deployment.buildId.slice(0, 8)}` : ' · nothing deployed'}
            </option>
          ))}
        </optgroup>
      </select>
      {typing && (
        <input
          type="text"
          placeholder="main, v1.2, HEAD~2"
          value={typed}
          onChange={(e) => props.onChange(e.target.value.trim() ? `rev:${e.target.value.trim()}` : '')}
          data-testid={`${props.testId}-rev`}
          aria-label={`Revision of side ${props.label}`}
          spellCheck={false}
        />
      )}
    </span>
  );
}

export function ComparePicker(props: { from: string; to: string; snapshots: SnapshotSummary[]; onCompare(from: string, to: string): void; onClose(): void }) {
  const [choices, setChoices] = useState<CompareChoices | null>(null);
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  useEffect(() => {
    let current = true;
    void compareChoices().then((c) => current && setChoices(c));
    return () => {
      current = false;
    };
  }, []);
  return (
    <div className="eng-bar cmp-bar" data-testid="compare-picker">
      <SidePicker label="A" value={from} onChange={setFrom} snapshots={props.snapshots} choices={choices} testId="compare-from" />
      <span className="eng-meta">→</span>
      <SidePicker label="B" value={to} onChange={setTo} snapshots={props.snapshots} choices={choices} testId="compare-to" />
      <button className="btn primary" disabled={!from || !to} onClick={() => props.onCompare(from, to)} data-testid="compare-run" title="Show the diff of A → B (a revision not run yet runs first, from its commit's files)">
        Compare
      </button>
      <button className="btn ghost" onClick={props.onClose} data-testid="compare-close">
        Close
      </button>
      {choices?.revisionsNote && <span className="eng-meta">{choices.revisionsNote}</span>}
    </div>
  );
}
