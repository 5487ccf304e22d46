// The diff of the selected change, shown over the editor area in Monaco's side-by-side diff editor:
// index vs working tree for unstaged changes, HEAD vs index for staged ones. The header names the
// sides and offers the file's next steps (stage/unstage, discard, open). Opening a file in the editor
// closes it, so the editor never hides behind a stale diff.
import { useEffect, useRef } from 'react';
import { IconClose } from '../../kit/icons';
import { monaco } from '../../monaco/monaco-setup';
import { useEditor } from '../editor/editor-store';
import { useGit } from './git-store';
import type { DiffContent } from './git-store';
import { dirName, fileName } from './git-model';
import { languageForPath } from '../editor/language';
import { discard, stage, unstage } from './git-changes-controller';
import { closeDiff, openChangedFile } from './git-diff-controller';
import { IconDiscard, IconMinus, IconOpenFile, IconPlus } from './git-icons';
import './git.css';

let seq = 0;
// `inmemory` models never count as project files (no tab, no Problems entry, no CRD schema).
const uri = (side: string, path: string) => monaco.Uri.from({ scheme: 'inmemory', path: `/git/${++seq}/${side}/${path.replace(/[^\w./-]+/g, '_')}` });

/** What each side of the diff is, in words. */
export function sideLabels(d: Pick<DiffContent, 'area' | 'added' | 'deleted'>): { left: string; right: string } {
  const left = d.area === 'unstaged' ? 'Index' : 'HEAD';
  const right = d.area === 'staged' ? 'Index (staged)' : 'Working tree';
  return { left: d.added ? `${left} (new file)` : left, right: d.deleted ? `${right} (deleted)` : right };
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
  const labels = diff ? sideLabels(diff) : null;
  const dir = dirName(sel.path);
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
      {sel.area === 'staged' ? (
        <button className="btn ghost" onClick={() => void unstage([sel.path])} title="Move the change back out of the index">
          <IconMinus /> Unstage
        </button>
      ) : (
        <button className="btn ghost" onClick={() => void stage([sel.path])} title="Add the change to the next commit" data-testid="git-diff-stage">
          <IconPlus /> Stage
        </button>
      )}
      <button className="btn ghost" onClick={() => void discard(sel)} title="Discard the change (a backup is kept)">
        <IconDiscard /> Discard
      </button>
      <button className="btn ghost" onClick={() => void openChangedFile(sel.path)} title="Open the file in the editor">
        <IconOpenFile /> Open file
      </button>
      <button className="icon-btn" aria-label="Close diff" title="Close diff" onClick={() => closeDiff()} data-testid="git-diff-close">
        <IconClose />
      </button>
    </div>
  );
}

function DiffBody({ diff }: { diff: DiffContent }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  useEffect(() => {
    const e = monaco.editor.createDiffEditor(host.current!, {
      readOnly: true,
      originalEditable: false,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 3,
      renderSideBySide: true,
      useInlineViewWhenSpaceIsLimited: true,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      hideUnchangedRegions: { enabled: true, contextLineCount: 3, minimumLineCount: 5, revealLineCount: 10 },
      scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
    });
    editor.current = e;
    return () => {
      const m = e.getModel();
      e.dispose();
      m?.original.dispose();
      m?.modified.dispose();
      editor.current = null;
    };
  }, []);
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const lang = languageForPath(diff.path);
    const old = e.getModel();
    if (old && old.original.getValue() === diff.oldText && old.modified.getValue() === diff.newText && old.modified.getLanguageId() === lang) return;
    e.setModel({ original: monaco.editor.createModel(diff.oldText, lang, uri('a', diff.path)), modified: monaco.editor.createModel(diff.newText, lang, uri('b', diff.path)) });
    old?.original.dispose();
    old?.modified.dispose();
  }, [diff]);
  return <div className="git-diff-body" ref={host} data-testid="git-diff-editor" />;
}
