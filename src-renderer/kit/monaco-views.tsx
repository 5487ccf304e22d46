// Read-only Monaco views for engine data: one YAML document, and the side-by-side diff of two. Models use
// the `inmemory` scheme so they never count as project files (no tab, no Problems entry, no schema).
// A view can answer for places in its text (PlaceHooks): a click or keyboard move, and a hover, which a
// feature turns into something about the field there (field provenance).
import { useEffect, useRef } from 'react';
import { monaco } from '../monaco/monaco-setup';

/** What a view does with a place of its text (1-based line and column). */
export interface PlaceHooks {
  /** The user put the cursor there (a click, or a move with the keyboard). */
  onPick?(line: number, column: number): void;
  /** Markdown for a hover there, or null for none. Links `command:choreo.openFileAt?…` open a project file. */
  hover?(line: number, column: number): Promise<string | null>;
}

/** Hover answers of the views' models, by model URI: one provider serves them all (providers are per language). */
const hovers = new Map<string, NonNullable<PlaceHooks['hover']>>();
let hoverProvider: monaco.IDisposable | undefined;

function attachPlaceHooks(editor: monaco.editor.ICodeEditor, hooks: { current: PlaceHooks | undefined }): monaco.IDisposable {
  hoverProvider ??= monaco.languages.registerHoverProvider('yaml', {
    async provideHover(model, position) {
      const answer = hovers.get(model.uri.toString());
      const markdown = answer ? await answer(position.lineNumber, position.column) : null;
      return markdown ? { contents: [{ value: markdown, isTrusted: true }] } : null;
    },
  });
  const sync = () => {
    const uri = editor.getModel()?.uri.toString();
    for (const [k, v] of hovers) if (v === hover) hovers.delete(k);
    if (uri && hooks.current?.hover) hovers.set(uri, hover);
  };
  const hover = (line: number, column: number) => hooks.current?.hover?.(line, column) ?? Promise.resolve(null);
  sync();
  let picked = 0;
  const subs = [
    editor.onDidChangeModel(() => {
      picked = 0;
      sync();
    }),
    // a click, also on the line the cursor is already on (which moves no cursor)
    editor.onMouseDown((e) => {
      const p = e.target.position;
      if (!p || !e.event.leftButton) return;
      picked = p.lineNumber;
      hooks.current?.onPick?.(p.lineNumber, p.column);
    }),
    // what a pick shows (a card under the view) takes room from it: keep the picked line in sight
    editor.onDidLayoutChange(() => picked && editor.revealLineInCenterIfOutsideViewport(picked)),
    editor.onDidChangeCursorPosition((e) => {
      // moves with the keyboard (not the reset when the text is replaced; clicks come above)
      if (e.source !== 'keyboard' || e.reason !== monaco.editor.CursorChangeReason.Explicit) return;
      picked = e.position.lineNumber;
      hooks.current?.onPick?.(e.position.lineNumber, e.position.column);
    }),
  ];
  return {
    dispose() {
      subs.forEach((d) => d.dispose());
      for (const [k, v] of hovers) if (v === hover) hovers.delete(k);
    },
  };
}

let seq = 0;
const uri = (label: string) => monaco.Uri.from({ scheme: 'inmemory', path: `/engine/${++seq}/${label.replace(/[^\w.-]+/g, '_')}` });

const common: monaco.editor.IEditorOptions = {
  readOnly: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fontSize: 12,
  lineNumbersMinChars: 3,
  renderLineHighlight: 'none',
  folding: true,
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
};

export function YamlView({ text, label, testId, places }: { text: string; label: string; testId?: string; places?: PlaceHooks }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const hooks = useRef(places);
  hooks.current = places;
  useEffect(() => {
    const model = monaco.editor.createModel('', 'yaml', uri(label));
    editor.current = monaco.editor.create(host.current!, { ...common, model });
    const placeHooks = attachPlaceHooks(editor.current, hooks);
    return () => {
      placeHooks.dispose();
      editor.current?.dispose();
      model.dispose();
      editor.current = null;
    };
  }, [label]);
  useEffect(() => {
    const m = editor.current?.getModel();
    if (m && m.getValue() !== text) m.setValue(text);
  }, [text, label]);
  return <div className="eng-monaco" ref={host} data-testid={testId} />;
}

/** `places` answers for the right (newer) side. */
export function DiffView({ left, right, label, highlightLines, testId, places }: { left: string; right: string; label: string; highlightLines: number[]; testId?: string; places?: PlaceHooks }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const hooks = useRef(places);
  hooks.current = places;
  useEffect(() => {
    const e = monaco.editor.createDiffEditor(host.current!, {
      ...common,
      renderSideBySide: true,
      originalEditable: false,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      hideUnchangedRegions: { enabled: false },
      useInlineViewWhenSpaceIsLimited: false,
    } as monaco.editor.IStandaloneDiffEditorConstructionOptions);
    editor.current = e;
    const placeHooks = attachPlaceHooks(e.getModifiedEditor(), hooks);
    return () => {
      placeHooks.dispose();
      const m = e.getModel();
      e.dispose();
      m?.original.dispose();
      m?.modified.dispose();
      editor.current = null;
      decorations.current = null;
    };
  }, []);
  useEffect(() => {
    const e = editor.current;
    if (!e) return;
    const old = e.getModel();
    e.setModel({ original: monaco.editor.createModel(left, 'yaml', uri(`a-${label}`)), modified: monaco.editor.createModel(right, 'yaml', uri(`b-${label}`)) });
    old?.original.dispose();
    old?.modified.dispose();
    const mod = e.getModifiedEditor();
    decorations.current?.clear();
    decorations.current = mod.createDecorationsCollection(
      highlightLines.map((line) => ({
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: 'eng-cond-line', glyphMarginClassName: 'eng-cond-glyph', linesDecorationsClassName: 'eng-cond-bar', hoverMessage: { value: 'Condition changed' } },
      })),
    );
  }, [left, right, label, highlightLines]);
  return <div className="eng-monaco" ref={host} data-testid={testId} />;
}
