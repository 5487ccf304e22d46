// Side view "Run and Debug": the step toolbar, what to debug (a run once, the reconcile of one object, or
// its replay against a snapshot), and while stopped the variables (expanded lazily), the watches, the call
// stack and the breakpoints (each with its condition, hit count, log message and object filter).
import { useState, type ReactNode } from 'react';
import type { Variable } from '../../../src-shared/ipc/channels/debug';
import { CommandButton } from '../../kit/CommandButton';
import { useEngine } from '../run/engine-store';
import { openFile } from '../editor/editor-controller';
import { addWatch, collapseVariable, expandVariable, removeBreakpoint, removeWatch, selectFrame, updateBreakpoint, updateForm } from './debug-controller';
import { shownLine, useDebug, type Breakpoint } from './debug-store';
import './debug.css';

/** The folding sections under the launch form, top to bottom. */
const SECTIONS = [
  { title: 'Variables', testId: 'debug-variables', Body: Variables },
  { title: 'Watch', testId: 'debug-watch', Body: Watches },
  { title: 'Call Stack', testId: 'debug-stack', Body: CallStack },
  { title: 'Breakpoints', testId: 'debug-breakpoints', Body: Breakpoints },
];

export function DebugView() {
  const session = useDebug((s) => s.session);
  return (
    <div className="dbg-view" data-testid="debug-view">
      <DebugToolbar />
      <StatusLine />
      {!session && <LaunchForm />}
      {SECTIONS.map(({ title, testId, Body }) => (
        <Section key={testId} title={title} testId={testId}>
          <Body />
        </Section>
      ))}
    </div>
  );
}

/** The step controls after Pause/Continue, in VS Code's order. */
const STEPS = [
  { id: 'debug.stepOver', testId: 'debug-step-over', glyph: '⤼' },
  { id: 'debug.stepInto', testId: 'debug-step-into', glyph: '↓' },
  { id: 'debug.stepOut', testId: 'debug-step-out', glyph: '↑' },
  { id: 'debug.stop', testId: 'debug-stop', glyph: '■', className: 'dbg-stop' },
];

/** The step controls; every button is a command (palette, shortcut and tooltip agree). */
export function DebugToolbar() {
  const session = useDebug((s) => s.session);
  return (
    <div className="dbg-toolbar" role="toolbar" aria-label="Debug">
      {!session ? (
        <CommandButton id="debug.start" className="btn primary" testId="debug-start">
          ▶ Start Debugging
        </CommandButton>
      ) : (
        <>
          {session.state === 'running' || session.state === 'starting' ? (
            <CommandButton id="debug.pause" className="icon-btn dbg-tool" testId="debug-pause">
              ⏸
            </CommandButton>
          ) : (
            <CommandButton id="debug.continue" className="icon-btn dbg-tool dbg-continue" testId="debug-continue">
              ▶
            </CommandButton>
          )}
          {STEPS.map((step) => (
            <CommandButton key={step.id} id={step.id} className={`icon-btn dbg-tool${step.className ? ` ${step.className}` : ''}`} testId={step.testId}>
              {step.glyph}
            </CommandButton>
          ))}
        </>
      )}
    </div>
  );
}

function StatusLine() {
  const session = useDebug((s) => s.session);
  const stopped = useDebug((s) => s.stopped);
  const ended = useDebug((s) => s.ended);
  let text: string;
  let tone = '';
  if (session?.state === 'stopped' && stopped) {
    const r = stopped.reconcile;
    text = `Paused on ${stopped.reason === 'exception' ? 'an error' : stopped.reason === 'step' ? 'a step' : stopped.reason}${r ? ` — ${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}` : ''}`;
    tone = stopped.reason === 'exception' ? 'error' : 'paused';
  } else if (session) {
    text = session.state === 'starting' ? 'Starting…' : 'Running…';
    tone = 'busy';
  } else if (ended) {
    text = ended.message;
    tone = ended.success === false ? 'error' : '';
  } else {
    text = 'Set breakpoints in the gutter of a .star file (click, or F9), then start.';
  }
  return (
    <div className={`dbg-status ${tone}`} data-testid="debug-status" title={text}>
      {text}
    </div>
  );
}

function LaunchForm() {
  const form = useDebug((s) => s.form);
  const snapshots = useEngine((s) => s.snapshots.list);
  return (
    <div className="dbg-form" data-testid="debug-form">
      <label>
        <span>Debug</span>
        <select value={form.mode} onChange={(e) => updateForm({ mode: e.target.value as typeof form.mode })} data-testid="debug-mode">
          <option value="run">a run once (every object)</option>
          <option value="reconcile">the reconcile of one object</option>
          <option value="replay">a replay from a snapshot</option>
        </select>
      </label>
      {form.mode !== 'run' && (
        <label>
          <span>Object</span>
          <input className="text-input" placeholder="KIND/NAME, e.g. Greeter/world" value={form.target} onChange={(e) => updateForm({ target: e.target.value })} data-testid="debug-target" />
        </label>
      )}
      {form.mode === 'replay' && (
        <label>
          <span>Snapshot</span>
          <select value={form.snapshot} onChange={(e) => updateForm({ snapshot: e.target.value })} data-testid="debug-snapshot">
            <option value="latest">the latest</option>
            {snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id.slice(0, 8)} · {new Date(s.createdAt).toLocaleString()}
              </option>
            ))}
          </select>
        </label>
      )}
      <label title="Breakpoints stop only while reconciling a matching object (* matches any characters)">
        <span>Only for</span>
        <input className="text-input" placeholder="any object (or KIND/NAME, Greeter/*)" value={form.objectFilter} onChange={(e) => updateForm({ objectFilter: e.target.value })} data-testid="debug-object-filter" />
      </label>
      <div className="dbg-checks">
        <label>
          <input type="checkbox" checked={form.stopOnEntry} onChange={(e) => updateForm({ stopOnEntry: e.target.checked })} /> Stop on entry
        </label>
        <label>
          <input type="checkbox" checked={form.stopOnError} onChange={(e) => updateForm({ stopOnError: e.target.checked })} /> Stop on errors
        </label>
      </div>
    </div>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  const [open, setOpen] = useState(true);
  return (
    <section className="dbg-section" data-testid={testId}>
      <button className="dbg-section-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="chev">{open ? '▾' : '▸'}</span>
        {title}
      </button>
      {open && <div className="dbg-section-body">{children}</div>}
    </section>
  );
}

function Variables() {
  const scopes = useDebug((s) => s.scopes);
  const stopped = useDebug((s) => s.session?.state === 'stopped');
  if (!stopped) return <div className="dbg-empty">Not paused.</div>;
  return (
    <div role="tree" aria-label="Variables">
      {scopes.map((sc) => (
        <ScopeNode key={sc.variablesReference} name={sc.name} ref_={sc.variablesReference} />
      ))}
    </div>
  );
}

function ScopeNode({ name, ref_ }: { name: string; ref_: number }) {
  const open = useDebug((s) => !!s.expanded[ref_]);
  return (
    <>
      <div className="dbg-row dbg-scope" role="treeitem" aria-expanded={open} onClick={() => (open ? collapseVariable(ref_) : void expandVariable(ref_))}>
        <span className="chev">{open ? '▾' : '▸'}</span>
        {name}
      </div>
      {open && <Children ref_={ref_} depth={1} />}
    </>
  );
}

function Children({ ref_, depth }: { ref_: number; depth: number }) {
  const children = useDebug((s) => s.children[ref_]);
  if (!children) return <div className="dbg-row dbg-empty" style={{ paddingLeft: 8 + depth * 12 }}>…</div>;
  if (!children.length) return <div className="dbg-row dbg-empty" style={{ paddingLeft: 8 + depth * 12 }}>(none)</div>;
  return (
    <>
      {children.map((v, i) => (
        <VariableNode key={`${v.name}:${i}`} v={v} depth={depth} />
      ))}
    </>
  );
}

function VariableNode({ v, depth }: { v: Variable; depth: number }) {
  const open = useDebug((s) => v.variablesReference > 0 && !!s.expanded[v.variablesReference]);
  const frozen = v.presentationHint?.attributes?.includes('readOnly');
  const expandable = v.variablesReference > 0;
  return (
    <>
      <div
        className="dbg-row dbg-var"
        role="treeitem"
        aria-expanded={expandable ? open : undefined}
        style={{ paddingLeft: 8 + depth * 12 }}
        title={`${v.name}: ${v.type}${frozen ? ' (frozen)' : ''}\n${v.value}`}
        onClick={() => expandable && (open ? collapseVariable(v.variablesReference) : void expandVariable(v.variablesReference))}
        onDoubleClick={() => v.evaluateName && void addWatch(v.evaluateName)}
        data-testid={`debug-var-${v.name}`}
      >
        <span className="chev">{expandable ? (open ? '▾' : '▸') : ''}</span>
        <span className="dbg-name">{v.name}</span>
        <span className="dbg-sep">:</span>
        <span className={`dbg-value t-${v.type}`}>{v.value}</span>
        {frozen && (
          <span className="dbg-frozen" title="frozen: this value cannot change">
            frozen
          </span>
        )}
      </div>
      {open && <Children ref_={v.variablesReference} depth={depth + 1} />}
    </>
  );
}

function Watches() {
  const watches = useDebug((s) => s.watches);
  const [draft, setDraft] = useState('');
  return (
    <div>
      {watches.map((w, i) => (
        <div className="dbg-row dbg-watch" key={`${w.expression}:${i}`} data-testid="debug-watch-row">
          <span className="dbg-name">{w.expression}</span>
          <span className="dbg-sep">:</span>
          {w.error ? <span className="dbg-error" title={w.error}>{w.error}</span> : <span className="dbg-value">{w.result ? w.result.result : 'not available'}</span>}
          <button className="icon-btn dbg-remove" aria-label={`Remove watch ${w.expression}`} title="Remove" onClick={() => removeWatch(i)}>
            ×
          </button>
        </div>
      ))}
      <form
        className="dbg-add"
        onSubmit={(e) => {
          e.preventDefault();
          void addWatch(draft);
          setDraft('');
        }}
      >
        <input className="text-input mono" placeholder="Add an expression to watch" value={draft} onChange={(e) => setDraft(e.target.value)} data-testid="debug-watch-input" />
      </form>
    </div>
  );
}

function CallStack() {
  const frames = useDebug((s) => s.frames);
  const frameId = useDebug((s) => s.frameId);
  const stopped = useDebug((s) => s.stopped);
  if (!frames.length) return <div className="dbg-empty">Not paused.</div>;
  const r = stopped?.reconcile;
  return (
    <div role="list">
      {r && <div className="dbg-row dbg-thread">reconciling {`${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`} ({r.reconciler})</div>}
      {frames.map((f) => (
        <div key={f.id} role="listitem" className={`dbg-row dbg-frame${f.id === frameId ? ' selected' : ''}`} onClick={() => void selectFrame(f.id)} data-testid="debug-frame" title={`${f.source.path}:${f.line}`}>
          <span className="dbg-name">{f.name}</span>
          <span className="dbg-place mono">
            <span className="file">{f.source.name}</span>
            <span>:{f.line}</span>
          </span>
        </div>
      ))}
    </div>
  );
}

function Breakpoints() {
  const all = useDebug((s) => s.breakpoints);
  const files = Object.keys(all).sort();
  const [editing, setEditing] = useState<string | null>(null);
  if (!files.length) return <div className="dbg-empty">No breakpoints. Click in the gutter of a .star file, left of the line numbers.</div>;
  return (
    <div>
      {files.flatMap((path) =>
        all[path]!.map((b, i) => {
          const key = `${path}:${i}`;
          return <BreakpointRow key={key} path={path} index={i} b={b} editing={editing === key} onEdit={(on) => setEditing(on ? key : null)} />;
        }),
      )}
    </div>
  );
}

function BreakpointRow({ path, index, b, editing, onEdit }: { path: string; index: number; b: Breakpoint; editing: boolean; onEdit: (on: boolean) => void }) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const unverified = b.placed && !b.placed.verified;
  const extras = [b.condition && `if ${b.condition}`, b.hitCondition && `hits ${b.hitCondition}`, b.logMessage && `log "${b.logMessage}"`, b.object && `only ${b.object}`].filter(Boolean).join(' · ');
  return (
    <div className="dbg-bp-row" data-testid="debug-breakpoint">
      <div className="dbg-row">
        <input type="checkbox" checked={b.enabled} aria-label={`Enable the breakpoint at ${name}:${shownLine(b)}`} onChange={(e) => void updateBreakpoint(path, index, { enabled: e.target.checked })} />
        <span className={`dbg-bp-dot ${unverified ? 'unverified' : b.logMessage ? 'log' : ''}`} />
        <button className="dbg-link mono" title={`${path}:${shownLine(b)}${unverified ? ` — ${b.placed?.message ?? 'not placed'}` : ''}`} onClick={() => void openFile(path, { line: shownLine(b), column: 1 })}>
          {name}:{shownLine(b)}
        </button>
        <span className="dbg-extras" title={extras}>
          {unverified ? b.placed?.message : extras}
        </span>
        <button className="icon-btn" title="Edit condition, hit count, log message, object" aria-label={`Edit the breakpoint at ${name}:${shownLine(b)}`} onClick={() => onEdit(!editing)}>
          ✎
        </button>
        <button className="icon-btn" title="Remove" aria-label={`Remove the breakpoint at ${name}:${shownLine(b)}`} onClick={() => void removeBreakpoint(path, index)}>
          ×
        </button>
      </div>
      {editing && <BreakpointEditor path={path} index={index} b={b} onDone={() => onEdit(false)} />}
    </div>
  );
}

/** Condition, hit count, log message and object filter of one breakpoint (applied on Enter or Apply). */
function BreakpointEditor({ path, index, b, onDone }: { path: string; index: number; b: Breakpoint; onDone: () => void }) {
  const [draft, setDraft] = useState({ condition: b.condition ?? '', hitCondition: b.hitCondition ?? '', logMessage: b.logMessage ?? '', object: b.object ?? '' });
  const field = (key: keyof typeof draft, label: string, placeholder: string) => (
    <label>
      <span>{label}</span>
      <input className="text-input mono" placeholder={placeholder} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} data-testid={`debug-bp-${key}`} />
    </label>
  );
  return (
    <form
      className="dbg-form dbg-bp-edit"
      onSubmit={(e) => {
        e.preventDefault();
        void updateBreakpoint(path, index, draft);
        onDone();
      }}
    >
      {field('condition', 'Condition', 'a Starlark expression, e.g. language == "nl"')}
      {field('hitCondition', 'Hit count', 'e.g. 3, >= 2, % 10')}
      {field('logMessage', 'Log message', 'log instead of stopping; {expr} is evaluated')}
      {field('object', 'Only for', 'KIND/NAME, e.g. Greeter/team')}
      <div className="dbg-checks">
        <button className="btn primary" type="submit">
          Apply
        </button>
        <button className="btn ghost" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
