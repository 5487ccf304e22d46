// Monaco's language features for Starlark, answered by the host's language service through
// ./starlark-language-controller.ts: hover, go to definition (F12, Ctrl+click), references (Shift+F12),
// completion, signature help, rename (F2) and the outline (Ctrl+Shift+O). A definition in another file
// opens that file's tab at the place (Monaco alone only navigates within models it has).
import type { CompletionKind, LangSpan, SymbolKind } from '../../../src-shared/ipc/channels/language';
import { monaco } from '../../monaco/monaco-setup';
import { openFile } from './editor-controller';
import { hasAnyModel, getText, pathForUri, putPeekModel, uriForPath } from './models';
import * as lang from './starlark-language-controller';

const LANGUAGE = 'starlark';

function toRange(s: LangSpan): monaco.IRange {
  return { startLineNumber: s.line, startColumn: s.col, endLineNumber: s.endLine, endColumn: s.endCol };
}

function cursorOf(model: monaco.editor.ITextModel, position: monaco.Position): lang.Cursor | undefined {
  const file = pathForUri(model.uri);
  if (!file) return undefined;
  return { file, text: model.getValue(), line: position.lineNumber, col: position.column };
}

const completionKinds: Record<CompletionKind, monaco.languages.CompletionItemKind> = {
  function: monaco.languages.CompletionItemKind.Function,
  builtin: monaco.languages.CompletionItemKind.Function,
  method: monaco.languages.CompletionItemKind.Method,
  variable: monaco.languages.CompletionItemKind.Variable,
  parameter: monaco.languages.CompletionItemKind.Variable,
  constant: monaco.languages.CompletionItemKind.Constant,
  module: monaco.languages.CompletionItemKind.Module,
  keyword: monaco.languages.CompletionItemKind.Keyword,
  field: monaco.languages.CompletionItemKind.Field,
};

const symbolKinds: Record<SymbolKind, monaco.languages.SymbolKind> = {
  function: monaco.languages.SymbolKind.Function,
  variable: monaco.languages.SymbolKind.Variable,
  constant: monaco.languages.SymbolKind.Constant,
  module: monaco.languages.SymbolKind.Module,
};

/** Offsets of each parameter's label inside the signature label, found left to right (a name may repeat). */
export function parameterOffsets(label: string, params: string[]): [number, number][] {
  let from = label.indexOf('(') + 1;
  return params.map((p) => {
    const i = label.indexOf(p, from);
    if (i < 0) return [0, 0];
    from = i + p.length;
    return [i, i + p.length];
  });
}

/** Registers the providers and the cross-file editor opener once; returns what undoes it. */
export function installStarlarkLanguage(): monaco.IDisposable {
  lang.startStarlarkLanguage({
    getText,
    hasModel: hasAnyModel,
    putPeekModel: (path, text) => putPeekModel(path, text, LANGUAGE),
  });
  const subs: monaco.IDisposable[] = [];

  subs.push(
    monaco.languages.registerHoverProvider(LANGUAGE, {
      async provideHover(model, position) {
        const at = cursorOf(model, position);
        const h = at ? await lang.hover(at) : null;
        return h ? { contents: [{ value: h.markdown }], range: toRange(h.range) } : null;
      },
    }),
  );

  const locations = (list: Awaited<ReturnType<typeof lang.definition>>): monaco.languages.Location[] =>
    list.map((l) => ({ uri: uriForPath(l.file), range: toRange(l) }));

  subs.push(
    monaco.languages.registerDefinitionProvider(LANGUAGE, {
      async provideDefinition(model, position) {
        const at = cursorOf(model, position);
        return at ? locations(await lang.definition(at)) : [];
      },
    }),
  );

  subs.push(
    monaco.languages.registerReferenceProvider(LANGUAGE, {
      async provideReferences(model, position, context) {
        const at = cursorOf(model, position);
        return at ? locations(await lang.references(at, context.includeDeclaration)) : [];
      },
    }),
  );

  subs.push(
    monaco.languages.registerCompletionItemProvider(LANGUAGE, {
      triggerCharacters: ['.', '"', "'", '['],
      async provideCompletionItems(model, position) {
        const at = cursorOf(model, position);
        const r = at ? await lang.completion(at) : null;
        if (!r) return { suggestions: [] };
        const range = toRange(r.range);
        return {
          suggestions: r.items.map((i) => ({
            label: i.label,
            kind: completionKinds[i.kind],
            insertText: i.label,
            range,
            ...(i.detail ? { detail: i.detail } : {}),
            ...(i.documentation ? { documentation: { value: i.documentation } } : {}),
            ...(i.sortText ? { sortText: i.sortText } : {}),
          })),
        };
      },
    }),
  );

  subs.push(
    monaco.languages.registerSignatureHelpProvider(LANGUAGE, {
      signatureHelpTriggerCharacters: ['(', ','],
      signatureHelpRetriggerCharacters: [','],
      async provideSignatureHelp(model, position) {
        const at = cursorOf(model, position);
        const h = at ? await lang.signatureHelp(at) : null;
        if (!h) return null;
        return {
          value: {
            signatures: h.signatures.map((s) => {
              const offsets = parameterOffsets(s.label, s.parameters.map((p) => p.label));
              return {
                label: s.label,
                documentation: { value: s.documentation },
                parameters: s.parameters.map((p, i) => ({ label: offsets[i]!, ...(p.documentation ? { documentation: p.documentation } : {}) })),
              };
            }),
            activeSignature: h.activeSignature,
            activeParameter: h.activeParameter,
          },
          dispose() {},
        };
      },
    }),
  );

  subs.push(
    monaco.languages.registerRenameProvider(LANGUAGE, {
      async resolveRenameLocation(model, position) {
        const at = cursorOf(model, position);
        const word = model.getWordAtPosition(position);
        const here = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word?.startColumn ?? position.column, endColumn: word?.endColumn ?? position.column };
        if (!at) return { range: here, text: '', rejectReason: 'Rename works in project files.' };
        const r = await lang.prepareRename(at);
        if ('reason' in r) return { range: here, text: word?.word ?? '', rejectReason: r.reason };
        return { range: toRange(r.range), text: r.placeholder };
      },
      async provideRenameEdits(model, position, newName) {
        const at = cursorOf(model, position);
        if (!at) return { edits: [], rejectReason: 'Rename works in project files.' };
        try {
          const files = await lang.rename(at, newName);
          return {
            edits: files.flatMap((f) =>
              f.edits.map((e) => ({ resource: uriForPath(f.file), textEdit: { range: toRange(e), text: e.text }, versionId: undefined })),
            ),
          };
        } catch (err) {
          return { edits: [], rejectReason: lang.renameFailure(err) };
        }
      },
    }),
  );

  subs.push(
    monaco.languages.registerDocumentSymbolProvider(LANGUAGE, {
      displayName: 'Starlark',
      async provideDocumentSymbols(model) {
        const file = pathForUri(model.uri);
        if (!file) return [];
        const convert = (s: Awaited<ReturnType<typeof lang.documentSymbols>>[number]): monaco.languages.DocumentSymbol => ({
          name: s.name,
          detail: s.detail,
          kind: symbolKinds[s.kind],
          tags: [],
          range: toRange(s.range),
          selectionRange: toRange(s.selectionRange),
          children: s.children.map(convert),
        });
        return (await lang.documentSymbols(file, model.getValue())).map(convert);
      },
    }),
  );

  // Go to definition in another file: open its tab at the place (the tab's model replaces the peek model).
  subs.push(
    monaco.editor.registerEditorOpener({
      openCodeEditor(source, resource, selectionOrPosition) {
        const path = resource.scheme === 'file' ? resource.path.replace(/^\//, '') : undefined;
        if (!path || source.getModel()?.uri.toString() === resource.toString()) return false;
        const pos = !selectionOrPosition
          ? undefined
          : 'startLineNumber' in selectionOrPosition
            ? { line: selectionOrPosition.startLineNumber, column: selectionOrPosition.startColumn }
            : { line: selectionOrPosition.lineNumber, column: selectionOrPosition.column };
        void openFile(path, pos);
        return true;
      },
    }),
  );

  return { dispose: () => subs.forEach((s) => s.dispose()) };
}
