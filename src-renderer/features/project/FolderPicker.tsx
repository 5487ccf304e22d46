// "Browse…" in browser mode, where there is no native dialog: a modal folder picker over the host's
// folders (project.folders, confined by the host to its browse root). Made for the keyboard, like an
// IDE's quick open: focus stays in the field; typing filters the names (or, starting with `/`, is a path
// to go to), ↑/↓/PageUp/PageDown move, Enter goes into the highlighted folder, Backspace on an empty field
// or Alt+↑ goes up, Ctrl+Enter opens, Ctrl+H shows dot-folders, Esc clears the field and then cancels.
// The mouse works too: a click highlights, a double click goes in, the breadcrumb goes up.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { FolderListing } from '../../../src-shared/ipc/channels/folder-browser';
import { invoke } from '../../api';
import { errorMessage } from '../../kit/ipc-errors';
import '../../kit/engine-views.css';
import './folder-picker.css';
import { breadcrumb, isPathInput, moveHighlight, openTarget, pickerRows, type PickerRow } from './folder-picker-model';

export interface FolderPickerProps {
  /** Where to start (an absolute path); the browse root when absent or not allowed. */
  start?: string;
  onPick(path: string): void;
  onCancel(): void;
}

const kindLabel = {
  choreo: 'Choreo project',
  git: 'git repository',
  folder: '',
} as const;

export function FolderPicker({ start, onPick, onCancel }: FolderPickerProps) {
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [filter, setFilter] = useState('');
  const [highlight, setHighlight] = useState(0);
  const [showHidden, setShowHidden] = useState(false);
  const seq = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

  /** Lists `path` (the root when undefined); on failure stays where it was and says why. */
  const go = async (path: string | undefined, opts: { fallBackToRoot?: boolean; highlightPath?: string } = {}) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const next = await invoke('project.folders', path === undefined ? {} : { path });
      if (mine !== seq.current) return;
      setListing(next);
      setFilter('');
      setError(null);
      const rows = pickerRows(next, '', showHidden);
      const at = opts.highlightPath ? rows.findIndex((r) => r.kind === 'entry' && r.entry.path === opts.highlightPath) : -1;
      // Coming up from a folder highlights it; a fresh folder highlights its first sub-folder, not "..".
      setHighlight(at >= 0 ? at : rows[0]?.kind === 'up' && rows.length > 1 ? 1 : 0);
    } catch (err) {
      if (mine !== seq.current) return;
      if (opts.fallBackToRoot && path !== undefined) {
        void go(undefined);
        return;
      }
      setError(errorMessage(err));
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    void go(start, { fallBackToRoot: true });
    input.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const rows = useMemo(() => pickerRows(listing, filter, showHidden), [listing, filter, showHidden]);
  const current = rows[Math.min(highlight, rows.length - 1)];
  const target = openTarget(listing, current);

  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [highlight, rows]);

  const enter = (row: PickerRow | undefined) => {
    if (!row) return;
    if (row.kind === 'up') void go(row.path, { highlightPath: listing?.path });
    else void go(row.entry.path);
  };
  const up = () => listing?.parent && void go(listing.parent, { highlightPath: listing.path });
  const pick = () => target && onPick(target.path);

  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    const inField = e.target === input.current;
    // On a button or the checkbox, Enter and Space are theirs; the picker only keeps Esc and Tab.
    if (!inField && e.key !== 'Escape' && e.key !== 'Tab') {
      e.stopPropagation();
      return;
    }
    if (e.key === 'Escape') {
      if (filter) setFilter('');
      else onCancel();
    } else if (e.key === 'Enter' && mod) pick();
    else if (e.key === 'Enter') {
      if (isPathInput(filter)) void go(filter.trim());
      else enter(current);
    } else if ((e.key === 'ArrowUp' && e.altKey) || (e.key === 'Backspace' && !filter)) up();
    else if (e.key === 'h' && mod) setShowHidden((v) => !v);
    else if (e.key === 'Tab') trapFocus(e);
    else {
      const next = moveHighlight(highlight, e.key, rows.length);
      if (next === null) {
        e.stopPropagation(); // typing stays in the picker (the dialog behind must not see Escape or shortcuts)
        return;
      }
      setHighlight(next);
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const trapFocus = (e: KeyboardEvent) => {
    const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('input, button:not([disabled])') ?? [])];
    const i = focusable.indexOf(document.activeElement as HTMLElement);
    focusable[(i + (e.shiftKey ? -1 : 1) + focusable.length) % focusable.length]?.focus();
  };

  const activeId = current ? `folder-row-${rows.indexOf(current)}` : undefined;
  return createPortal(
    <div className="overlay folder-picker-overlay" onMouseDown={(e) => e.target === e.currentTarget && onCancel()} onKeyDown={onKeyDown}>
      <div className="dialog folder-picker" role="dialog" aria-modal="true" aria-labelledby="folder-picker-title" ref={dialog} data-testid="folder-picker" data-keyboard-owner>
        <div className="fp-head">
          <h2 id="folder-picker-title">Open Folder</h2>
          {loading && <span className="eng-spin" aria-label="loading" />}
        </div>
        {listing && (
          <nav className="fp-crumbs" aria-label="Folder path" data-testid="folder-picker-path">
            {breadcrumb(listing).map((c, i, all) => (
              <span key={c.path}>
                {i > 0 && <span className="fp-sep">/</span>}
                <button type="button" className="fp-crumb" disabled={i === all.length - 1} onClick={() => void go(c.path, { highlightPath: all[i + 1]?.path })} title={c.path}>
                  {c.label}
                </button>
              </span>
            ))}
          </nav>
        )}
        <input
          ref={input}
          className="text-input fp-filter"
          role="combobox"
          aria-expanded="true"
          aria-controls="folder-picker-list"
          aria-activedescendant={activeId}
          aria-label="Filter the folders, or type a path and press Enter"
          placeholder="Filter, or type a path (/…) and press Enter"
          spellCheck={false}
          value={filter}
          onChange={(e) => {
            setFilter(e.target.value);
            setHighlight(0);
          }}
          data-testid="folder-picker-filter"
        />
        {error && (
          <div className="form-error" role="alert" data-testid="folder-picker-error">
            {error}
          </div>
        )}
        <ul className="fp-list" id="folder-picker-list" role="listbox" aria-label="Folders" ref={list} data-testid="folder-picker-list">
          {rows.map((r, i) => (
            <li
              key={r.kind === 'up' ? '..' : r.entry.path}
              id={`folder-row-${i}`}
              role="option"
              aria-selected={r === current}
              className={`fp-row${r === current ? ' selected' : ''}`}
              onMouseDown={(e) => e.preventDefault()} // keep the focus in the field
              onClick={() => setHighlight(i)}
              onDoubleClick={() => enter(r)}
              data-testid="folder-picker-row"
              data-name={r.kind === 'up' ? '..' : r.entry.name}
              data-kind={r.kind === 'up' ? 'up' : r.entry.kind}
            >
              <span className={`fp-icon ${r.kind === 'up' ? 'up' : r.entry.kind}`} aria-hidden="true">
                {r.kind === 'up' ? '↰' : r.entry.kind === 'choreo' ? '◆' : '▸'}
              </span>
              <span className="fp-name">{r.kind === 'up' ? '..' : r.entry.name}</span>
              {r.kind === 'entry' && r.entry.kind !== 'folder' && <span className={`fp-badge ${r.entry.kind}`}>{kindLabel[r.entry.kind]}</span>}
            </li>
          ))}
          {listing && !rows.some((r) => r.kind === 'entry') && (
            <li className="fp-none" data-testid="folder-picker-none">
              {filter && !isPathInput(filter) ? `No folder here matches “${filter}”.` : isPathInput(filter) ? 'Press Enter to go to this path.' : 'No sub-folders here.'}
            </li>
          )}
        </ul>
        {listing?.truncated && <div className="form-hint">This folder has more sub-folders than are listed: type to filter, or type the path.</div>}
        <div className="fp-foot">
          <label className="toggle" title="Show folders whose name starts with a dot (Ctrl+H)">
            <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} data-testid="folder-picker-hidden" />
            Hidden folders
          </label>
          <span className="fp-target" title={target?.path} data-testid="folder-picker-target">
            {target && (
              <>
                {target.kind === 'choreo' && <span className="fp-icon choreo">◆ </span>}
                {target.path}
              </>
            )}
          </span>
          <button type="button" className="btn" onClick={onCancel} data-testid="folder-picker-cancel">
            Cancel
          </button>
          <button type="button" className="btn primary" disabled={!target} onClick={pick} title="Open this folder as the project (Ctrl+Enter)" data-testid="folder-picker-open">
            Open
          </button>
        </div>
        <div className="fp-keys">Enter: go into · Backspace: up · Ctrl+Enter: open · Ctrl+H: hidden · Esc: cancel</div>
      </div>
    </div>,
    document.body,
  );
}
