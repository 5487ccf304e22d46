// The editor region: tabs, a banner for buffers that disagree with the disk, and one Monaco editor
// that swaps models per tab (each model keeps its own undo stack; view state is restored per tab).
// Main-area views (Resources, Environments…: the shell passes their list in) open as tabs here too, left
// of the files; an open view stays mounted while hidden, so its filters and selection survive a switch.
import { Fragment, useEffect, useRef, type ComponentType, type ReactElement } from 'react';
import { EmptyState } from '../../kit/EmptyState';
import { IconClose } from '../../kit/icons';
import { Kbd } from '../../kit/Shortcut';
import { closeFile, onRevealRequest, reloadFromDisk, saveFile, takeRevealRequest } from './editor-controller';
import { monaco, monacoThemeName } from '../../monaco/monaco-setup';
import { useEditor } from './editor-store';
import { useLayout } from '../../state/layout';
import { useTheme } from '../../state/theme';
import * as models from './models';

/** A view that opens as a tab of the main area (app/views.tsx lists them). */
export interface MainAreaView {
  id: string;
  title: string;
  icon: () => ReactElement;
  component: ComponentType;
}

export function EditorArea({ views = [] }: { views?: readonly MainAreaView[] }) {
  const order = useEditor((s) => s.order);
  const active = useEditor((s) => s.active);
  const openIds = useLayout((s) => s.mainViews);
  const shownId = useLayout((s) => s.mainView);
  const open = openIds.map((id) => views.find((v) => v.id === id)).filter((v): v is MainAreaView => !!v);
  const shown = open.find((v) => v.id === shownId) ?? null;
  const file = shown ? null : active;
  return (
    <div className="editor-region">
      {(order.length > 0 || open.length > 0) && <Tabs views={open} shown={shown?.id ?? null} />}
      {file && <ConflictBanner path={file} />}
      {file && <Breadcrumbs path={file} />}
      <MonacoHost visible={!!file} />
      {open.map((v) => (
        <div key={v.id} className="main-view" style={v === shown ? undefined : { display: 'none' }} data-testid={`main-view-${v.id}`}>
          <v.component />
        </div>
      ))}
      {!file && !shown && <NoEditor />}
    </div>
  );
}

/** Drag data type for reordering tabs. */
const TAB_MIME = 'application/x-choreo-tab';

function Tabs({ views, shown }: { views: readonly MainAreaView[]; shown: string | null }) {
  const order = useEditor((s) => s.order);
  const activeFile = useEditor((s) => s.active);
  const active = shown ? null : activeFile;
  const buffers = useEditor((s) => s.buffers);
  return (
    <div className="tabs" role="tablist" data-testid="editor-tabs">
      {views.map((v) => (
        <div
          key={v.id}
          role="tab"
          aria-selected={v.id === shown}
          className={`tab view-tab${v.id === shown ? ' active' : ''}`}
          title={v.title}
          data-testid={`tab-view-${v.id}`}
          onMouseDown={(e) => {
            if (e.button === 1) {
              e.preventDefault();
              useLayout.getState().closeMainView(v.id);
            }
          }}
          onClick={() => useLayout.getState().showMainView(v.id)}
        >
          <span className="tab-icon">
            <v.icon />
          </span>
          <span className="tab-name">{v.title}</span>
          <span className="tab-state clean">
            <button
              className="close"
              aria-label={`Close ${v.title}`}
              title="Close"
              onClick={(e) => {
                e.stopPropagation();
                useLayout.getState().closeMainView(v.id);
              }}
            >
              <IconClose />
            </button>
          </span>
        </div>
      ))}
      {order.map((path) => {
        const b = buffers[path];
        if (!b) return null;
        const name = path.slice(path.lastIndexOf('/') + 1);
        const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
        const cls = ['tab', path === active ? 'active' : '', b.conflict ? 'conflict' : '', b.conflict === 'deleted' ? 'deleted' : ''].join(' ');
        return (
          <div
            key={path}
            role="tab"
            aria-selected={path === active}
            className={cls}
            title={`${path}${b.dirty ? ' • unsaved' : ''}${b.conflict === 'deleted' ? ' • deleted on disk' : b.conflict ? ' • differs from disk' : ''}`}
            data-testid={`tab-${path}`}
            data-dirty={b.dirty}
            onMouseDown={(e) => {
              if (e.button === 1) {
                e.preventDefault();
                void closeFile(path);
              }
            }}
            onClick={() => {
              useEditor.getState().activate(path);
              useLayout.getState().showMainView(null);
            }}
            draggable
            onDragStart={(e) => {
              e.dataTransfer.setData(TAB_MIME, path);
              e.dataTransfer.effectAllowed = 'move';
            }}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(TAB_MIME)) e.preventDefault();
            }}
            onDrop={(e) => {
              const dragged = e.dataTransfer.getData(TAB_MIME);
              if (dragged) {
                e.preventDefault();
                useEditor.getState().moveTab(dragged, order.indexOf(path));
              }
            }}
          >
            <span className="tab-name">{name}</span>
            {dir && <span className="tab-dir">{dir}</span>}
            <span className={`tab-state ${b.dirty ? 'dirty' : 'clean'}`}>
              {b.dirty && (
                <span className="dot" aria-label="unsaved changes" data-testid="dirty-marker">
                  ●
                </span>
              )}
              <button
                className="close"
                aria-label={`Close ${name}`}
                title="Close"
                onClick={(e) => {
                  e.stopPropagation();
                  void closeFile(path);
                }}
              >
                <IconClose />
              </button>
            </span>
          </div>
        );
      })}
    </div>
  );
}

function ConflictBanner({ path }: { path: string }) {
  const conflict = useEditor((s) => s.buffers[path]?.conflict ?? null);
  if (!conflict) return null;
  if (conflict === 'deleted') {
    return (
      <div className="editor-banner" role="status" data-testid="conflict-banner">
        <span className="dot-warn">⚠</span>
        <span className="grow">This file was deleted on disk. Saving recreates it.</span>
        <button className="btn" onClick={() => void saveFile(path, true)}>
          Save to recreate
        </button>
        <button className="btn ghost" onClick={() => void closeFile(path)}>
          Close
        </button>
      </div>
    );
  }
  return (
    <div className="editor-banner" role="status" data-testid="conflict-banner">
      <span className="dot-warn">⚠</span>
      <span className="grow">This file changed on disk and differs from your version.</span>
      <button className="btn" onClick={() => void reloadFromDisk(path)}>
        Reload from disk
      </button>
      <button className="btn danger" onClick={() => void saveFile(path, true)}>
        Overwrite
      </button>
    </div>
  );
}

function Breadcrumbs({ path }: { path: string }) {
  const parts = path.split('/');
  return (
    <div className="breadcrumbs mono" data-testid="breadcrumbs">
      {parts.map((p, i) => (
        <span key={i}>
          {i > 0 && <span className="subtle"> › </span>}
          <span style={i === parts.length - 1 ? { color: 'var(--fg)' } : undefined}>{p}</span>
        </span>
      ))}
    </div>
  );
}

/** The shortcuts the empty editor area teaches, as label and command. */
const FIRST_SHORTCUTS = [
  ['Go to file', 'workbench.quickOpen'],
  ['All commands', 'workbench.showCommands'],
  ['Save', 'file.save'],
  ['Toggle panel', 'view.togglePanel'],
  ['Run once', 'run.once'],
] as const;

function NoEditor() {
  return (
    <EmptyState icon="◉" title="No file open">
      <p>Pick a file in the Explorer, or use the keyboard:</p>
      <div className="shortcuts">
        {FIRST_SHORTCUTS.map(([label, command]) => (
          <Fragment key={command}>
            <span>{label}</span>
            <span>
              <Kbd command={command} />
            </span>
          </Fragment>
        ))}
      </div>
    </EmptyState>
  );
}

function MonacoHost({ visible }: { visible: boolean }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const shownPath = useRef<string | null>(null);
  const active = useEditor((s) => s.active);
  const theme = useTheme((s) => s.theme);

  useEffect(() => {
    const editor = monaco.editor.create(hostRef.current!, {
      model: null,
      automaticLayout: true,
      theme: monacoThemeName(useTheme.getState().theme),
      fontFamily: "'JetBrains Mono', 'Cascadia Code', 'DejaVu Sans Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 20,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
      smoothScrolling: false,
      padding: { top: 6 },
      stickyScroll: { enabled: false },
      'semanticHighlighting.enabled': false,
    });
    editorRef.current = editor;
    const cursor = editor.onDidChangeCursorPosition((e) =>
      useEditor.getState().setCursor({ line: e.position.lineNumber, column: e.position.column }),
    );
    // Our Ctrl/Cmd+S etc. are handled by the window-level keybinding service (capture phase), so Monaco never sees them.
    return () => {
      cursor.dispose();
      if (shownPath.current) models.saveViewState(shownPath.current, editor.saveViewState());
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  // Switch models when the active tab changes, keeping each tab's scroll and cursor.
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    if (shownPath.current && shownPath.current !== active) models.saveViewState(shownPath.current, editor.saveViewState());
    const model = active ? models.getModel(active) : undefined;
    if (editor.getModel() !== (model ?? null)) editor.setModel(model ?? null);
    shownPath.current = model ? active : null;
    if (active && model) {
      const vs = models.getViewState(active);
      if (vs) editor.restoreViewState(vs);
      const p = editor.getPosition();
      useEditor.getState().setCursor(p ? { line: p.lineNumber, column: p.column } : null);
      applyReveal(editor, active);
      editor.focus();
    } else useEditor.getState().setCursor(null);
  }, [active]);

  useEffect(() => {
    const off = onRevealRequest(() => {
      const editor = editorRef.current;
      const path = useEditor.getState().active;
      if (editor && path && shownPath.current === path) applyReveal(editor, path);
    });
    return () => void off();
  }, []);

  useEffect(() => monaco.editor.setTheme(monacoThemeName(theme)), [theme]);

  return (
    <div className="editor-host" style={visible ? undefined : { display: 'none' }} data-testid="editor">
      <div className="monaco" ref={hostRef} />
    </div>
  );
}

function applyReveal(editor: monaco.editor.IStandaloneCodeEditor, path: string) {
  const r = takeRevealRequest(path);
  if (!r) return;
  // The editor may have been hidden until this render (a main view, a maximised panel): measure first, or
  // Monaco centres within a stale height. A jump always centres its line, even when it was in view.
  editor.layout();
  editor.setPosition({ lineNumber: r.line, column: r.column });
  editor.revealLineInCenter(r.line, monaco.editor.ScrollType.Immediate);
  editor.focus();
}
