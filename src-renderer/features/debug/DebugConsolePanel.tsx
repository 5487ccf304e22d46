// Bottom-panel tab "Debug Console": what the debug session printed (print, logpoints, how it ended) and a
// prompt that evaluates a Starlark expression in the selected frame of the stopped program (↑/↓ recall).
import { useEffect, useRef, useState } from 'react';
import { openFile } from '../editor/editor-controller';
import { clearConsole, evaluateInConsole } from './debug-controller';
import { DebugToolbar } from './DebugView';
import { useDebug } from './debug-store';
import './debug.css';

export function DebugConsolePanel() {
  const lines = useDebug((s) => s.console);
  const stopped = useDebug((s) => s.session?.state === 'stopped');
  const [draft, setDraft] = useState('');
  const [history, setHistory] = useState<string[]>([]);
  const [at, setAt] = useState(-1);
  const end = useRef<HTMLDivElement>(null);
  // braces: newer Chromium returns a promise from scrollIntoView, and an effect must return a function or nothing
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [lines.length]);
  return (
    <div className="dbg-console" data-testid="debug-console">
      <div className="eng-bar">
        <DebugToolbar />
        <span className="spacer" />
        <button className="btn ghost" onClick={clearConsole} title="Clear the console">
          Clear
        </button>
      </div>
      <div className="dbg-console-lines mono" role="log">
        {lines.map((l, i) => (
          <div key={i} className={`dbg-line ${l.kind}`}>
            {l.kind === 'input' && <span className="dbg-prompt">›</span>}
            <span className="dbg-text">{l.text}</span>
            {l.source && (
              <button className="dbg-link" onClick={() => void openFile(l.source!, { line: l.line ?? 1, column: 1 })}>
                {l.source.slice(l.source.lastIndexOf('/') + 1)}
                {l.line ? `:${l.line}` : ''}
              </button>
            )}
          </div>
        ))}
        <div ref={end} />
      </div>
      <form
        className="dbg-console-input"
        onSubmit={(e) => {
          e.preventDefault();
          if (!draft.trim()) return;
          void evaluateInConsole(draft);
          setHistory([...history.filter((h) => h !== draft), draft].slice(-100));
          setAt(-1);
          setDraft('');
        }}
      >
        <span className="dbg-prompt">›</span>
        <input
          className="mono"
          aria-label="Evaluate a Starlark expression in the paused frame"
          placeholder={stopped ? 'Evaluate a Starlark expression in the selected frame' : 'Evaluation needs a paused program'}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
            e.preventDefault();
            const next = e.key === 'ArrowUp' ? (at < 0 ? history.length - 1 : Math.max(0, at - 1)) : at < 0 ? -1 : at + 1;
            if (next < 0 || next >= history.length) {
              setAt(-1);
              setDraft('');
            } else {
              setAt(next);
              setDraft(history[next]!);
            }
          }}
          data-testid="debug-console-input"
        />
      </form>
    </div>
  );
}
