// EXPLORER: the project's files, with the Choreo folders first, their role icon and file count.
// Rows are virtualized and keyboard-driven (kit/VirtualTree); the file operations' keys come first.
import { useEffect, useMemo, useRef, useState } from 'react';
import { commands } from '../../kit/commands';
import { IconCollapse, IconRefresh } from '../../kit/icons';
import { toggled } from '../../kit/sets';
import { VirtualTree, type VirtualTreeHandle } from '../../kit/VirtualTree';
import { openFile } from '../editor/editor-controller';
import { useEditor } from '../editor/editor-store';
import { useProject } from '../../state/project';
import { ExplorerFileButtons, FileOpsLayer, RowName, openExplorerMenu, rowDragProps, useExplorerSelection } from './FileOps';
import { handleExplorerKey } from './files-controller';
import { CreateProjectOffer } from '../project/CreateProjectOffer';
import { ancestorPaths, countFiles, defaultExpanded, fileIcon, roleInfo, visibleRows, type TreeRow } from '../project/tree-model';

const ROW_H = 22;

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
  const treeRef = useRef<VirtualTreeHandle>(null);

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
      treeRef.current?.scrollToIndex(i);
      revealPending.current = null;
    }
  }, [active, rows, expanded]);

  useExplorerSelection({ rows, focused, setFocused, scrollTo: (i) => treeRef.current?.scrollToIndex(i), expand: (paths) => setExpanded((prev) => (paths.every((p) => prev.has(p)) ? prev : new Set([...prev, ...paths]))) });

  const toggle = (row: TreeRow) => setExpanded((prev) => toggled(prev, row.node.path));

  const activate = (row: TreeRow) => {
    if (row.ghost) return;
    if (row.node.kind === 'dir') toggle(row);
    else void openFile(row.node.path);
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
      <VirtualTree
        rows={rows}
        rowKey={(row) => row.node.path + (row.ghost ? '?' : '')}
        rowHeight={ROW_H}
        label="Project files"
        testId="explorer-tree"
        className="view-body tree"
        ref={treeRef}
        cursor={focused ? rows.findIndex((r) => r.node.path === focused) : -1}
        onCursor={(i) => setFocused(rows[i].node.path)}
        onActivate={activate}
        level={(row) => row.depth}
        expanded={(row) => (row.node.kind === 'dir' && !row.ghost ? row.expanded : undefined)}
        onToggle={toggle}
        selected={(row) => active === row.node.path}
        onKey={(e, row) => handleExplorerKey(e, row && !row.ghost ? { path: row.node.path, kind: row.node.kind } : null)}
        onContextMenu={(e) => openExplorerMenu(e, rows)}
        placeholder={!tree ? <div className="tree-empty">Loading files…</div> : !tree.children?.length ? <CreateProjectOffer /> : undefined}
        rowAttributes={(row) => {
          const n = row.node;
          const isRole = row.role !== 'other';
          return {
            'data-path': n.path,
            'data-testid': `tree-row-${n.path}`,
            className: `tree-row${active === n.path ? ' selected' : ''}`,
            style: { paddingLeft: 8 + row.depth * 12, opacity: row.ghost ? 0.55 : 1 },
            title: isRole ? (row.ghost ? `No ${n.name}/ folder yet. ${roleInfo[row.role].description}.` : `${roleInfo[row.role].description}`) : n.path,
            ...rowDragProps(n, row.ghost),
          };
        }}
        renderRow={(row) => {
          const n = row.node;
          const isRole = row.role !== 'other';
          return (
            <>
              <span className="twisty">{n.kind === 'dir' && !row.ghost ? (row.expanded ? '▾' : '▸') : ''}</span>
              <span className={`icon${isRole ? ' role' : ''}`}>{isRole ? roleInfo[row.role].icon : n.kind === 'dir' ? '' : fileIcon(n.name)}</span>
              <RowName node={n} className={`name${isRole ? ' role' : ''}`} />
              {buffers[n.path]?.dirty && <span className="dirty-dot" title="Unsaved changes">●</span>}
              {isRole && <span className="count">{row.ghost ? 0 : countFiles(n)}</span>}
            </>
          );
        }}
      />
    </div>
  );
}
