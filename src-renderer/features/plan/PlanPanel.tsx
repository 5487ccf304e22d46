// The Plan panel (issue 13 item 2): what a run of the project would change, as `terraform plan` shows it,
// for the editor's unsaved edits or for the staged files — each object to add (+), change (~, with its
// changed fields) or delete (-) against the last run, and the side-by-side diff of the one selected.
import { useRef } from 'react';
import type { PlanFieldChange, PlanItem, PlanSource } from '../../../src-shared/ipc/channels/insight';
import { EmptyState } from '../../kit/EmptyState';
import { DiffView } from '../../kit/monaco-views';
import { SplitPane } from '../../kit/Split';
import { useWidth } from '../../kit/useWidth';
import { DiffMarker, formatMs } from '../../kit/status-dot';
import { openFile } from '../editor/editor-controller';
import { openPlanObject, showPlan } from './plan-controller';
import { changeParts, changeText, itemLabel, itemStatus, objectListWidth, summaryText } from './plan-model';
import { patchPlan, usePlan } from './plan-store';
import '../../kit/engine-views.css';
import './plan.css';

/** Objects listed at most; a bigger plan says how many more there are (`choreo plan` prints them all). */
const LISTED = 500;

const SOURCES: { id: PlanSource; label: string; title: string }[] = [
  { id: 'buffers', label: 'Unsaved edits', title: "The editor's unsaved files over the folder's" },
  { id: 'staged', label: 'Staged', title: 'The files as the git index holds them: what a commit would hold' },
];

export function PlanPanel() {
  const shown = usePlan((s) => s.shown);
  const slot = usePlan((s) => s[s.shown]);
  const r = slot.result;
  return (
    <div className="eng plan-panel" data-testid="plan-panel" data-source={shown}>
      <div className="eng-bar">
        <div className="eng-subtabs" role="group" aria-label="What to plan">
          {SOURCES.map((s) => (
            <button
              key={s.id}
              className={shown === s.id ? 'active' : ''}
              aria-pressed={shown === s.id}
              title={s.title}
              onClick={() => void showPlan(s.id)}
              data-testid={`plan-source-${s.id}`}
            >
              {s.label}
            </button>
          ))}
        </div>
        {slot.state === 'planning' && !r && (
          <span className="eng-status busy" data-testid="plan-planning">
            planning…
          </span>
        )}
        {/* planning again: the last plan stays shown with a quiet mark that always keeps its place (no jump) */}
        {r && (
          <span className={`plan-busy${slot.state === 'planning' ? ' on' : ''}`} data-testid="plan-busy" data-busy={slot.state === 'planning'} title={slot.state === 'planning' ? 'Planning again: this plan shows until the new one arrives' : undefined} aria-hidden={slot.state !== 'planning'}>
            ⟳
          </span>
        )}
        {r && (
          <span className="eng-meta plan-summary" data-testid="plan-summary" title={summaryText(r)}>
            {summaryText(r)}
          </span>
        )}
        {!r && <span className="spacer" />}
        {r && <span className="eng-meta">planned in {formatMs(r.durationMs)}</span>}
        <button className="btn ghost" onClick={() => void showPlan(shown)} title="Plan again" data-testid="plan-again">
          ⟳ Plan again
        </button>
      </div>
      <PlanBody />
      {slot.error && (
        <div className="eng-empty-note dot-error" data-testid="plan-error">
          {slot.error}
        </div>
      )}
    </div>
  );
}

function PlanBody() {
  const shown = usePlan((s) => s.shown);
  const slot = usePlan((s) => s[s.shown]);
  const r = slot.result;
  // a narrow panel (a 1024 px window with the side bar) leaves the object diff most of the width
  const box = useRef<HTMLDivElement>(null);
  const initial = objectListWidth(useWidth(box));
  if (!r) {
    if (slot.state === 'planning' || slot.error) return null;
    return shown === 'buffers' ? (
      <EmptyState icon="±" title="No unsaved edits to plan" testId="plan-empty">
        <p>
          Edit an input, a reconciler or a library and, before you save, the plan shows what a run would change: objects to add <span className="dot-ok">+</span>, change{' '}
          <span className="dot-warn">~</span> (field by field) and delete <span className="dot-error">-</span>, against the last run. The editor shows the count above the file.
        </p>
      </EmptyState>
    ) : (
      <EmptyState icon="±" title="The staged files have not been planned" testId="plan-empty">
        <p>Stage files in Source Control, then plan them: what a run of the commit would change against the last run.</p>
      </EmptyState>
    );
  }
  if (r.loadError) {
    const { file, line, col, message } = r.loadError;
    return (
      <div className="plan-load-error" data-testid="plan-load-error">
        <p className="dot-error">The project does not load as planned, so there is no plan:</p>
        <pre>{message}</pre>
        {file && (
          <button className="git-link" onClick={() => void openFile(file, { line: line ?? 1, column: col ?? 1 })} data-testid="plan-load-error-where">
            {file}
            {line ? `:${line}${col ? `:${col}` : ''}` : ''}
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="eng-split" ref={box}>
      <SplitPane name="plan.objects" side="start" initial={initial} min={200} max={720} label="Resize the plan's object list" className="plan-list" testId="plan-objects">
        {!r.success && (
          <div className="eng-empty-note dot-error" data-testid="plan-run-failed">
            The planned run fails: {r.message}
          </div>
        )}
        {r.items.length === 0 && <div className="eng-empty-note">No object would change: a run with these files leaves every object as the last run left it.</div>}
        {r.items.slice(0, LISTED).map((it) => (
          <PlanRow key={it.key} item={it} />
        ))}
        {r.items.length > LISTED && (
          <div className="eng-empty-note">
            {r.items.length - LISTED} more objects would change; <span className="mono">choreo plan</span> lists them all.
          </div>
        )}
      </SplitPane>
      <div className="eng-main">
        <ObjectDiff />
      </div>
    </div>
  );
}

function PlanRow({ item }: { item: PlanItem }) {
  const selected = usePlan((s) => s.selected === item.key);
  return (
    <div className={`plan-item${selected ? ' selected' : ''}`} data-testid="plan-item" data-key={item.key} data-symbol={item.symbol}>
      <button className="plan-item-head" onClick={() => void openPlanObject(item.key)} title={`${item.apiVersion} ${itemLabel(item)}: open its diff`}>
        <DiffMarker status={itemStatus(item)} />
        <span>
          {item.kind} <span className="mono">{item.namespace ? `${item.namespace}/` : ''}{item.name}</span>
        </span>
        <span className="eng-meta mono">{item.apiVersion}</span>
      </button>
      {item.symbol === '~' && item.changes.length > 0 && (
        <ul className="plan-changes">
          {item.changes.map((c) => (
            <ChangeLine key={c.path} change={c} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** `~ spec.text: "a" → "b"`: the path and each value keep whole (a line breaks between them, not inside a word). */
function ChangeLine({ change: c }: { change: PlanFieldChange }) {
  const parts = changeParts(c);
  return (
    <li className={`plan-change-${c.op}`} data-testid="plan-change" title={changeText(c)}>
      <span className="plan-change-path">
        {parts.mark} {parts.path}:
      </span>{' '}
      {parts.before !== undefined && (
        <>
          <span className="plan-change-value">{parts.before}</span> →{' '}
        </>
      )}
      <span className="plan-change-value">{parts.after}</span>
    </li>
  );
}

function ObjectDiff() {
  const diff = usePlan((s) => s.diff);
  const error = usePlan((s) => s.diffError);
  const selected = usePlan((s) => s.selected);
  const item = usePlan((s) => s[s.shown].result?.items.find((i) => i.key === s.selected));
  if (error) return <div className="eng-empty-note dot-error">{error}</div>;
  if (!selected || !item) return <div className="eng-empty-note">Select an object to see its change: the last run's YAML on the left, the planned run's on the right.</div>;
  return (
    <>
      <div className="eng-side-head" style={{ background: 'var(--bg-side)' }}>
        <DiffMarker status={itemStatus(item)} />
        <span className="title">{itemLabel(item)}</span>
        <span className="eng-meta">last run → planned</span>
        <button className="btn ghost" onClick={() => patchPlan({ selected: null, diff: null })} aria-label="Close the object's diff" title="Close">
          ×
        </button>
      </div>
      {diff && diff.key === selected && <DiffView left={diff.left} right={diff.right} label={`plan-${diff.planId}-${diff.key}`} highlightLines={diff.conditionLines} testId="plan-object-diff" />}
    </>
  );
}
