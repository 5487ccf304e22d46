// The diff of the selected change (or of a file of a past commit), shown over the editor area in Monaco's
// side-by-side diff editor: index vs working tree for unstaged changes, HEAD vs index for staged ones, the
// commit's parent vs the commit for history. The header names the sides and offers the file's next steps
// (stage/unstage, discard, open). In a change's diff, lines and blocks stage (or unstage) one by one, as in
// GitHub Desktop and VS Code: each changed line has a handle in the gutter, each block a button at its top
// right, and "Stage Selected Lines" takes the changed lines the text selection covers. Opening a file in
// the editor closes the diff, so the editor never hides behind a stale diff.
import { useEffect, useMemo, useRef, useState } from 'react';
import { changeBlocks, blockSelection, diffRows, selectionInRange, isEmptySelection, type ChangeBlock, type DiffRow, type LineSelection } from '../../../src-shared/git/line-diff';
import { IconClose } from '../../kit/icons';
import { monaco } from '../../monaco/monaco-setup';
import { useEditor } from '../editor/editor-store';
import { useGit } from './git-store';
import type { DiffContent } from './git-store';
import { dirName, fileName, shortRef } from './git-model';
import { languageForPath } from '../editor/language';
import { discard, stage, unstage } from './git-changes-controller';
import { closeDiff, openChangedFile } from './git-diff-controller';
import { lineAction, stageChosenLines, stageSelectedLines } from './git-lines-controller';
import { patchGit } from './git-store';
import { IconDiscard, IconMinus, IconOpenFile, IconPlus } from './git-icons';
import './git.css';

let seq = 0;
// `inmemory` models never count as project files (no tab, no Problems entry, no CRD schema).
const uri = (side: string, path: string) => monaco.Uri.from({ scheme: 'inmemory', path: `/git/${++seq}/${side}/${path.replace(/[^\w./-]+/g, '_')}` });

/** What each side of the diff is, in words. */
export function sideLabels(d: Pick<DiffContent, 'area' | 'added' | 'deleted' | 'commit'>): { left: string; right: string } {
  if (d.area === 'commit') {
    const c = shortRef(d.commit ?? '');
    return { left: d.added ? `${c}^ (new file)` : `${c}^`, right: d.deleted ? `${c} (deleted)` : c };
  }
  const left = d.area === 'unstaged' ? 'Index' : 'HEAD';
  const right = d.area === 'staged' ? 'Index (staged)' : 'Working tree';
  return { left: d.added ? `${left} (new file)` : left, right: d.deleted ? `${right} (deleted)` : right };
}

/** "3 lines" for the header button. */
function lineCount(sel: LineSelection): string {
  const n = sel.old.length + sel.new.length;
  return `${n} line${n === 1 ? '' : 's'}`;
}

export function GitDiffEditor() {
  const diff = useGit((s) => s.diff);
  const selection = useGit((s) => s.selection);
  const active = useEditor((s) => s.active);
  const lastActive = useRef(active);
  // Picking a tab or opening a file means "show me the editor".
  useEffect(() => {
    if (active !== lastActive.current && useGit.getState().selection) closeDiff();
    lastActive.current = active;
  }, [active]);
  if (!selection) return null;
  return (
    <div
      className="git-diff"
      data-testid="git-diff"
      role="region"
      aria-label={`Changes in ${selection.path}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) closeDiff();
      }}
    >
      <DiffHeader />
      {diff?.binary ? (
        <div className="git-note">This is a binary file; there is no text diff to show.</div>
      ) : diff ? (
        <DiffBody diff={diff} />
      ) : (
        <div className="git-note">Loading the diff…</div>
      )}
    </div>
  );
}

function DiffHeader() {
  const sel = useGit((s) => s.selection)!;
  const diff = useGit((s) => s.diff);
  const lines = useGit((s) => s.lineSelection);
  const busy = useGit((s) => s.busy);
  const labels = diff ? sideLabels(diff) : null;
  const dir = dirName(sel.path);
  const action = diff ? lineAction() : null;
  const changeArea = sel.area === 'commit' ? null : sel.area;
  return (
    <div className="git-diff-head">
      <span className="name">{fileName(sel.path)}</span>
      {dir && <span className="dir">{dir}</span>}
      {labels && (
        <span className="sides" data-testid="git-diff-sides">
          {labels.left} ↔ {labels.right}
        </span>
      )}
      <span className="spacer" />
      {action && (
        <button
          className="btn ghost"
          disabled={!lines || isEmptySelection(lines) || !!busy}
          onClick={() => void stageSelectedLines()}
          title={lines && !isEmptySelection(lines) ? `${action === 'stage' ? 'Stage' : 'Unstage'} the ${lineCount(lines)} the selection covers` : `Select changed lines in the diff to ${action} just those`}
          data-testid="git-diff-stage-selection"
        >
          {action === 'stage' ? <IconPlus /> : <IconMinus />}
          <span className="label">{`${action === 'stage' ? 'Stage' : 'Unstage'} selected${lines && !isEmptySelection(lines) ? ` (${lineCount(lines)})` : ' lines'}`}</span>
        </button>
      )}
      {sel.area === 'staged' ? (
        <button className="btn ghost" onClick={() => void unstage([sel.path])} title="Move the whole change back out of the index" data-testid="git-diff-unstage">
          <IconMinus /> <span className="label">Unstage file</span>
        </button>
      ) : sel.area !== 'commit' ? (
        <button className="btn ghost" onClick={() => void stage([sel.path])} title="Add the whole change to the next commit" data-testid="git-diff-stage">
          <IconPlus /> <span className="label">{sel.area === 'conflicted' ? 'Mark resolved' : 'Stage file'}</span>
        </button>
      ) : null}
      {changeArea && (
        <button className="btn ghost" onClick={() => void discard({ path: sel.path, area: changeArea })} title="Discard the change (a backup is kept)">
          <IconDiscard /> <span className="label">Discard</span>
        </button>
      )}
      <button className="btn ghost" onClick={() => void openChangedFile(sel.path)} title="Open the file in the editor">
        <IconOpenFile /> <span className="label">Open file</span>
      </button>
      <button className="icon-btn" aria-label="Close diff" title="Close diff" onClick={() => closeDiff()} data-testid="git-diff-close">
        <IconClose />
      </button>
    </div>
  );
}

/** A block's button, placed at the top right of the block in the modified (right) editor. */
interface BlockSpot {
  index: number;
  top: number;
}

function DiffBody({ diff }: { diff: DiffContent }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const [spots, setSpots] = useState<BlockSpot[]>([]);
  const action = lineAction();
  const rows = useMemo(() => diffRows(diff.oldText, diff.newText), [diff.oldText, diff.newText]);
  const blocks = useMemo(() => changeBlocks(rows), [rows]);
  // Read by the editor's listeners, which are installed once.
  const live = useRef({ rows, blocks, action });
  live.current = { rows, blocks, action };

  useEffect(() => {
    const e = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 3,
      glyphMargin: true,
      renderIndicators: false,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: true,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 10 },
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
    });
    editor.current = e;
    const original = e.getOriginalEditor();
    const modified = e.getModifiedEditor();
    const place = () => setSpots(blockSpots(modified, live.current.blocks));
    // A click on a changed line's gutter handle stages (or unstages) that line.
    const onGutter = (side: 'old' | 'new') => (ev: monaco.editor.IEditorMouseEvent) => {
      if (ev.target.type !== monaco.editor.MouseTargetType.GUTTER_GLYPH_MARGIN || !live.current.action) return;
      const line = ev.target.position?.lineNumber;
      const kind = side === 'old' ? 'del' : 'add';
      const row = live.current.rows.find((r) => r.kind === kind && (side === 'old' ? r.oldLine : r.newLine) === line);
      if (row) void stageChosenLines(side === 'old' ? { old: [line!], new: [] } : { old: [], new: [line!] });
    };
    // The text selection, read as the changed lines it covers (on the side it was made).
    const onSelection = (side: 'old' | 'new', ed: monaco.editor.ICodeEditor) => () => {
      const s = ed.getSelection();
      if (!s || s.isEmpty() || !live.current.action) return patchGit({ lineSelection: null });
      const endLine = s.endColumn === 1 && s.endLineNumber > s.startLineNumber ? s.endLineNumber - 1 : s.endLineNumber;
      const picked = selectionInRange(live.current.rows, side, s.startLineNumber, endLine);
      patchGit({ lineSelection: isEmptySelection(picked) ? null : picked });
    };
    const subs = [
      original.onMouseDown(onGutter('old')),
      modified.onMouseDown(onGutter('new')),
      original.onDidChangeCursorSelection(onSelection('old', original)),
      modified.onDidChangeCursorSelection(onSelection('new', modified)),
      modified.onDidScrollChange(place),
      modified.onDidLayoutChange(place),
      e.onDidUpdateDiff(place),
    ];
    return () => {
      subs.forEach((s) => s.dispose());
      const m = e.getModel();
      e.dispose();
      m?.original.dispose();
      m?.modified.dispose();
      editor.current = null;
    };
  }, []);

  // New content: swap the models; the same file again (after staging some of it) keeps its scroll position.
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const lang = languageForPath(diff.path);
    const key = `${diff.area}|${diff.commit ?? ''}|${diff.path}`;
    const old = e.getModel();
    if (old && old.original.getValue() === diff.oldText && old.modified.getValue() === diff.newText && old.modified.getLanguageId() === lang) return;
    const keepScroll = shown.current === key ? e.getModifiedEditor().getScrollTop() : null;
    shown.current = key;
    e.setModel({ original: monaco.editor.createModel(diff.oldText, lang, uri('a', diff.path)), modified: monaco.editor.createModel(diff.newText, lang, uri('b', diff.path)) });
    old?.original.dispose();
    old?.modified.dispose();
    if (keepScroll !== null) {
      const once = e.onDidUpdateDiff(() => {
        once.dispose();
        e.getModifiedEditor().setScrollTop(keepScroll);
      });
    }
  }, [diff]);

  // Gutter handles on every changed line (both sides) of a change's diff.
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const o = e.getOriginalEditor().createDecorationsCollection(action ? handles(rows, 'old', action) : []);
    const m = e.getModifiedEditor().createDecorationsCollection(action ? handles(rows, 'new', action) : []);
    setSpots(blockSpots(e.getModifiedEditor(), blocks));
    return () => {
      o.clear();
      m.clear();
    };
  }, [rows, blocks, action, diff]);

  return (
    <div className="git-diff-body" data-testid="git-diff-editor">
      <div className="git-diff-monaco" ref={host} />
      {action && (
        <div className="git-block-actions" aria-label="Change blocks">
          {spots.map((s) => (
            <button
              key={s.index}
              className="git-block-btn"
              style={{ top: s.top }}
              title={`${action === 'stage' ? 'Stage' : 'Unstage'} this block of changes`}
              onClick={() => void stageChosenLines(blockSelection(blocks[s.index]!))}
              data-testid={`git-block-${action}-${s.index}`}
            >
              {action === 'stage' ? <IconPlus /> : <IconMinus />} {action === 'stage' ? 'Stage block' : 'Unstage block'}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** Glyph-margin handles for the changed lines of one side. */
function handles(rows: readonly DiffRow[], side: 'old' | 'new', action: 'stage' | 'unstage'): monaco.editor.IModelDeltaDecoration[] {
  const kind = side === 'old' ? 'del' : 'add';
  const verb = action === 'stage' ? 'Stage' : 'Unstage';
  const what = side === 'old' ? 'the removal of this line' : 'this line';
  return rows
    .filter((r) => r.kind === kind)
    .map((r) => {
      const line = side === 'old' ? r.oldLine! : r.newLine!;
      return {
        range: new monaco.Range(line, 1, line, 1),
        options: {
          glyphMarginClassName: `git-line-handle ${action} ${kind}`,
          glyphMarginHoverMessage: { value: `${verb} ${what} (click)` },
          stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
        },
      };
    });
}

/** Where each block's button goes: the top of its first added line, or of the gap a deletion left. */
function blockSpots(ed: monaco.editor.ICodeEditor, blocks: readonly ChangeBlock[]): BlockSpot[] {
  const height = ed.getLayoutInfo().height;
  const lineHeight = ed.getOption(monaco.editor.EditorOption.lineHeight);
  const scroll = ed.getScrollTop();
  const spots: BlockSpot[] = [];
  blocks.forEach((b, index) => {
    const y = b.newLines.length ? ed.getTopForLineNumber(b.newLines[0]!) : b.newAfter ? ed.getTopForLineNumber(b.newAfter) + lineHeight : 0;
    const top = y - scroll;
    if (top > -lineHeight && top < height - 4) spots.push({ index, top: Math.max(0, top) });
  });
  return spots;
}
