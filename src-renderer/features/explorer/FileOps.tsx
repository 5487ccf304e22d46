// The explorer's file-operation UI: New File/Folder header buttons, the inline name field (new entry
// and rename), the context menu, and the hook that keeps the tree's focus and the selection in step.
import { useEffect, useLayoutEffect, useRef, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from 'react';
import type { FileNode } from '../../../src-shared/ipc/contract';
import { commands } from '../../kit/commands';
import { GRID_24, lineIcon } from '../../kit/icons';
import { PopupMenu } from '../../kit/PopupMenu';
import { useProject } from '../../state/project';
import { useFileOps, type Selection } from './files-store';
import { moveWithConfirm, onReveal, startNew, submitNew, submitRename } from './files-controller';
import { allPaths, baseName, invalidPathReason, isSameOrInside, joinPath, parentOf } from './path-ops';
import './files.css';

const IconNewFile = lineIcon(GRID_24, ['M13 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V9z', 'M13 3v6h6M12 12v6M9 15h6'], { size: 16 });
const IconNewFolder = lineIcon(GRID_24, ['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z', 'M12 10v6M9 13h6'], { size: 16 });

/** New File / New Folder buttons for the explorer header. */
export function ExplorerFileButtons() {
  return (
    <>
      <button className="icon-btn" title="New File… (Ctrl/Cmd+Alt+N)" aria-label="New File" data-testid="explorer-new-file" onClick={() => startNew('file')}>
        <IconNewFile />
      </button>
      <button className="icon-btn" title="New Folder…" aria-label="New Folder" data-testid="explorer-new-folder" onClick={() => startNew('dir')}>
        <IconNewFolder />
      </button>
    </>
  );
}

/** A name field: Enter submits, Escape cancels, errors show under it and keep it open. */
function NameField(props: { initial: string; select: [number, number]; label: string; except?: string; onSubmit(value: string): Promise<string | undefined>; testId: string }) {
  const tree = useProject((s) => s.tree);
  const [value, setValue] = useState(props.initial);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => {
    ref.current?.focus();
    ref.current?.setSelectionRange(props.select[0], props.select[1]);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const hint = invalidPathReason(value, allPaths(tree), props.except);
  const cancel = () => useFileOps.getState().setEditing(null);
  const submit = async () => {
    if (busy) return;
    if (hint) {
      setError(hint);
      return;
    }
    setBusy(true);
    const err = await props.onSubmit(value);
    setBusy(false);
    setError(err);
    if (err) ref.current?.focus();
  };
  const shown = error ?? (value !== props.initial ? hint : undefined);
  return (
    <span className="name-field" onClick={(e) => e.stopPropagation()} onMouseDown={(e) => e.stopPropagation()}>
      <input
        ref={ref}
        value={value}
        aria-label={props.label}
        aria-invalid={!!shown}
        data-testid={props.testId}
        spellCheck={false}
        disabled={busy}
        onChange={(e) => {
          setValue(e.target.value);
          setError(undefined);
        }}
        onKeyDown={(e) => {
          e.stopPropagation(); // the tree's own keys (arrows, Enter, space) must not act while typing
          if (e.key === 'Enter') {
            e.preventDefault();
            void submit();
          } else if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          }
        }}
        onBlur={() => {
          // Clicking elsewhere cancels an untouched field and keeps a typed one (nothing typed is lost).
          if (value === props.initial && !busy) cancel();
        }}
      />
      {shown && (
        <span className="name-error" role="alert">
          {shown}
        </span>
      )}
    </span>
  );
}

/** The name of a tree row, or the inline rename field when that row is being renamed. */
export function RowName({ node, className }: { node: FileNode; className: string }) {
  const editing = useFileOps((s) => s.editing);
  if (editing?.mode === 'rename' && editing.path === node.path) {
    const name = baseName(node.path);
    const dot = node.kind === 'file' ? name.lastIndexOf('.') : -1;
    const start = node.path.length - name.length;
    return (
      <NameField
        initial={node.path}
        select={[start, dot > 0 ? start + dot : node.path.length]}
        label={`Rename ${node.path} (type a new name or path)`}
        except={node.path}
        testId="rename-input"
        onSubmit={(v) => submitRename(node.path, v)}
      />
    );
  }
  return <span className={className}>{node.name}</span>;
}

/** The new-entry field (under the explorer header) and the context menu. */
export function FileOpsLayer() {
  const editing = useFileOps((s) => s.editing);
  const menu = useFileOps((s) => s.menu);
  return (
    <>
      {editing?.mode === 'new' && (
        <div className="new-entry" data-testid="new-entry">
          <span className="new-entry-label">{editing.kind === 'file' ? 'New file' : 'New folder'}</span>
          <NameField
            key={`${editing.kind}:${editing.parent}`}
            initial={editing.parent ? editing.parent + '/' : ''}
            select={[editing.parent ? editing.parent.length + 1 : 0, editing.parent ? editing.parent.length + 1 : 0]}
            label={editing.kind === 'file' ? 'New file path' : 'New folder path'}
            testId="new-entry-input"
            onSubmit={(v) => submitNew(editing.kind, v)}
          />
        </div>
      )}
      {menu && <ContextMenu x={menu.x} y={menu.y} target={menu.target} />}
    </>
  );
}

interface MenuItem {
  command: string;
  label: string;
  hint?: string;
}

function ContextMenu({ x, y, target }: { x: number; y: number; target: Selection | null }) {
  const items: (MenuItem | 'sep')[] = [
    { command: 'files.newFile', label: 'New File…' },
    { command: 'files.newFolder', label: 'New Folder…' },
    ...(target
      ? ([
          'sep',
          { command: 'files.rename', label: 'Rename…', hint: 'F2' },
          { command: 'files.delete', label: 'Delete', hint: 'Del' },
          'sep',
          { command: 'files.copyPath', label: 'Copy Path' },
          { command: 'files.copyRelativePath', label: 'Copy Relative Path' },
        ] as const)
      : []),
    'sep',
    { command: 'files.restoreLast', label: 'Restore Last Deleted', hint: 'Ctrl/Cmd+Z' },
  ];
  return (
    <PopupMenu
      x={x}
      y={y}
      title={target?.path}
      testId="explorer-context-menu"
      onClose={() => useFileOps.getState().closeMenu()}
      items={items.map((item) =>
        item === 'sep' ? item : { label: item.label, hint: item.hint, disabledReason: commands.disabledReason(item.command), run: () => void commands.execute(item.command) },
      )}
    />
  );
}

/** Opens the context menu for the row under the pointer (or for the project root on empty space). */
export function openExplorerMenu(e: ReactMouseEvent, rows: readonly { node: FileNode; ghost?: boolean }[]): void {
  e.preventDefault();
  const el = (e.target as HTMLElement).closest<HTMLElement>('[data-path]');
  const row = el ? rows.find((r) => r.node.path === el.dataset.path && !r.ghost) : undefined;
  useFileOps.getState().openMenu(e.clientX, e.clientY, row ? { path: row.node.path, kind: row.node.kind } : null);
}

/**
 * Keeps the explorer's focused row and the file-ops selection in step both ways, and reveals entries
 * selected from outside (after New File, Rename, Restore, Reveal in Explorer).
 */
export function useExplorerSelection(opts: {
  rows: readonly { node: FileNode }[];
  focused: string | null;
  setFocused(path: string | null): void;
  /** Opens these folders; must not change state when they are all open already (it runs on every render). */
  expand(paths: string[]): void;
  scrollTo(index: number): void;
}): void {
  const { rows, focused, setFocused, expand, scrollTo } = opts;
  const selection = useFileOps((s) => s.selection);
  const wanted = useRef<string | null>(null);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  // Tree -> store: the focused row is what file commands act on. Only a change of focus counts (not a
  // tree refresh), so a selection made elsewhere is never overwritten by a stale focus.
  useEffect(() => {
    if (!focused) return;
    const row = rowsRef.current.find((r) => r.node.path === focused);
    if (row && useFileOps.getState().selection?.path !== focused) useFileOps.getState().select({ path: focused, kind: row.node.kind });
  }, [focused]);
  // Store -> tree: a selection made elsewhere is focused and revealed once its row exists.
  useEffect(() => {
    if (selection && selection.path !== focused) wanted.current = selection.path;
  }, [selection]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => onReveal((path) => (wanted.current = path)), []);
  useEffect(() => {
    const target = wanted.current;
    if (!target) return;
    const i = rows.findIndex((r) => r.node.path === target);
    if (i < 0) {
      const missing: string[] = [];
      for (let p = parentOf(target); p; p = parentOf(p)) missing.push(p);
      if (missing.length) expand(missing); // a no-op when they are open already (the row appears after the tree refresh)
      return;
    }
    wanted.current = null;
    setFocused(target);
    scrollTo(i);
  });
}

export { joinPath };

const DRAG_TYPE = 'application/x-choreo-path';

/**
 * Drag and drop of tree rows: drop on a folder moves the entry into it, drop on a file moves it next to
 * that file. Spread onto a row: `{...rowDragProps(node, ghost)}`.
 */
export function rowDragProps(node: FileNode, ghost?: boolean) {
  if (ghost) return {};
  const folder = node.kind === 'dir' ? node.path : parentOf(node.path);
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(DRAG_TYPE);
  return {
    draggable: true,
    onDragStart: (e: DragEvent) => {
      e.dataTransfer.setData(DRAG_TYPE, node.path);
      e.dataTransfer.setData('text/plain', node.path);
      e.dataTransfer.effectAllowed = 'move';
    },
    onDragOver: (e: DragEvent) => {
      if (!accepts(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      (e.currentTarget as HTMLElement).classList.add('drop-target');
    },
    onDragLeave: (e: DragEvent) => (e.currentTarget as HTMLElement).classList.remove('drop-target'),
    onDrop: (e: DragEvent) => {
      (e.currentTarget as HTMLElement).classList.remove('drop-target');
      const from = e.dataTransfer.getData(DRAG_TYPE);
      if (!from) return;
      e.preventDefault();
      if (parentOf(from) === folder || isSameOrInside(folder, from)) return; // already there, or into itself
      void moveWithConfirm(from, joinPath(folder, baseName(from)));
    },
  };
}
