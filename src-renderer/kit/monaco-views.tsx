// Read-only Monaco views for engine data: one YAML document, and the side-by-side diff of two. Models use
// the `inmemory` scheme so they never count as project files (no tab, no Problems entry, no schema).
import { useEffect, useRef } from 'react';
import { monaco } from '../monaco/monaco-setup';

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

export function YamlView({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  useEffect(() => {
    const model = monaco.editor.createModel('', 'yaml', uri(label));
    editor.current = monaco.editor.create(host.current!, { ...common, model });
    return () => {
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

export function DiffView({ left, right, label, highlightLines, testId }: { left: string; right: string; label: string; highlightLines: number[]; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const decorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
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
    return () => {
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
