// EXPLORER: the project's files, with the Choreo folders first, their role icon and file count.
// Rows are virtualized (big projects stay smooth) and fully keyboard-driven.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { commands } from '../../kit/commands';
import { IconCollapse, IconRefresh } from '../../kit/icons';
import { toggled } from '../../kit/sets';
import { openFile } from '../editor/editor-controller';
import { useEditor } from '../editor/editor-store';
import { useProject } from '../../state/project';
import { ExplorerFileButtons, FileOpsLayer, RowName, openExplorerMenu, rowDragProps, useExplorerSelection } from './FileOps';
import { handleExplorerKey } from './files-controller';
import { CreateProjectOffer } from '../project/CreateProjectOffer';
import { ancestorPaths, countFiles, defaultExpanded, fileIcon, roleInfo, visibleRows, type TreeRow } from '../project/tree-model';

const ROW_H = 22;

/** A DOM id for a tree row (for aria-activedescendant). */
const rowId = (path: string) => 'tree-' + encodeURIComponent(path).replace(/%/g, '_');

export function Explorer() {
  const tree = useProject((s) => s.tree);
  const info = useProject((s) => s.info);
  const active = useEditor((s) => s.active);
  const buffers = useEditor((s) => s.buffers);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const seeded = useRef<string | null>(null);

  // Expand the Choreo folders once per project, when its first tree arrives.
  useEffect(() => {
    if (tree && info && seeded.current !== info.root) {
      seeded.current = info.root;
      setExpanded(defaultExpanded(tree));
    }
  }, [tree, info]);

  const rows = useMemo(() => visibleRows(tree, expanded, { ghosts: true }), [tree, expanded]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 12 });

  // Reveal the active file once each time it changes: open its folders and scroll it into view
  // (quick open, Problems links). Collapsing its folder afterwards is left alone.
  const revealPending = useRef<string | null>(null);
  useEffect(() => {
    revealPending.current = active;
  }, [active]);
  useEffect(() => {
    const target = revealPending.current;
    if (!target) return;
    const missing = ancestorPaths(target).filter((p) => !expanded.has(p));
    if (missing.length) {
      setExpanded((prev) => new Set([...prev, ...missing]));
      return; // the rows change and this effect runs again to scroll
    }
    const i = rows.findIndex((r) => r.node.path === target);
    if (i >= 0) {
      virtualizer.scrollToIndex(i, { align: 'auto' });
      revealPending.current = null;
    }
  }, [active, rows, expanded, virtualizer]);

  useExplorerSelection({ rows, focused, setFocused, scrollTo: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }), expand: (paths) => setExpanded((prev) => (paths.every((p) => prev.has(p)) ? prev : new Set([...prev, ...paths]))) });

  const toggle = (path: string) => setExpanded((prev) => toggled(prev, path));

  const activate = (row: TreeRow) => {
    setFocused(row.node.path);
    if (row.ghost) return;
    if (row.node.kind === 'dir') toggle(row.node.path);
    else void openFile(row.node.path);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const i = Math.max(0, rows.findIndex((r) => r.node.path === focused));
    const row = rows[i];
    const go = (j: number) => {
      const r = rows[Math.max(0, Math.min(rows.length - 1, j))];
      if (r) {
        setFocused(r.node.path);
        virtualizer.scrollToIndex(rows.indexOf(r));
      }
    };
    if (handleExplorerKey(e, focused && row && !row.ghost ? { path: row.node.path, kind: row.node.kind } : null)) e.preventDefault();
    else if (e.key === 'ArrowDown') go(focused ? i + 1 : 0);
    else if (e.key === 'ArrowUp') go(i - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(rows.length - 1);
    else if (e.key === 'ArrowRight' && row?.node.kind === 'dir' && !row.expanded && !row.ghost) toggle(row.node.path);
    else if (e.key === 'ArrowLeft' && row) {
      if (row.node.kind === 'dir' && row.expanded) toggle(row.node.path);
      else {
        const parent = row.node.path.split('/').slice(0, -1).join('/');
        if (parent) go(rows.findIndex((r) => r.node.path === parent));
      }
    } else if ((e.key === 'Enter' || e.key === ' ') && row) activate(row);
    else return;
    e.preventDefault();
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
      <div className="view-header">
        <span className="title" title={info?.root}>
          Explorer{info ? ` · ${info.name}` : ''}
        </span>
        <ExplorerFileButtons />
        <button className="icon-btn" title="Refresh Explorer" aria-label="Refresh Explorer" onClick={() => void commands.execute('project.refresh')}>
          <IconRefresh />
        </button>
        <button className="icon-btn" title="Collapse Folders" aria-label="Collapse Folders" onClick={() => setExpanded(new Set())}>
          <IconCollapse />
        </button>
      </div>
      <FileOpsLayer />
      <div
        className="view-body tree"
        ref={scrollRef}
        tabIndex={0}
        role="tree"
        aria-label="Project files"
        data-testid="explorer-tree"
        aria-activedescendant={focused ? rowId(focused) : undefined}
        onKeyDown={onKeyDown}
        onContextMenu={(e) => openExplorerMenu(e, rows)}
      >
        {!tree ? (
          <div className="tree-empty">Loading files…</div>
        ) : !tree.children?.length ? (
          <CreateProjectOffer />
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const row = rows[v.index];
              const n = row.node;
              const isRole = row.role !== 'other';
              const buf = buffers[n.path];
              return (
                <div
                  key={n.path + (row.ghost ? '?' : '')}
                  id={rowId(n.path)}
                  role="treeitem"
                  aria-expanded={n.kind === 'dir' ? row.expanded : undefined}
                  aria-selected={active === n.path}
                  data-path={n.path}
                  data-testid={`tree-row-${n.path}`}
                  className={`tree-row${active === n.path ? ' selected' : ''}${focused === n.path ? ' focused' : ''}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_H, transform: `translateY(${v.start}px)`, paddingLeft: 8 + row.depth * 12, opacity: row.ghost ? 0.55 : 1 }}
                  title={isRole ? (row.ghost ? `No ${n.name}/ folder yet. ${roleInfo[row.role].description}.` : `${roleInfo[row.role].description}`) : n.path}
                  onClick={() => activate(row)}
                  {...rowDragProps(n, row.ghost)}
                >
                  <span className="twisty">{n.kind === 'dir' && !row.ghost ? (row.expanded ? '▾' : '▸') : ''}</span>
                  <span className={`icon${isRole ? ' role' : ''}`}>{isRole ? roleInfo[row.role].icon : n.kind === 'dir' ? '' : fileIcon(n.name)}</span>
                  <RowName node={n} className={`name${isRole ? ' role' : ''}`} />
                  {buf?.dirty && <span className="dirty-dot" title="Unsaved changes">●</span>}
                  {isRole && <span className="count">{row.ghost ? 0 : countFiles(n)}</span>}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
