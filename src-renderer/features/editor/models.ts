// One Monaco model per open file. The model keeps the text and the undo history of its tab; the
// "saved version" marks which alternative version id matches the disk, so undoing back to the saved
// text makes the tab clean again. Files that are not open can also have a read-only "peek" model (the
// references and definition previews need one); opening such a file turns its peek model into the tab's.
import { monaco } from '../../monaco/monaco-setup';
import type { TextModels } from './text-models';

interface Entry {
  model: monaco.editor.ITextModel;
  savedVersion: number;
  viewState: monaco.editor.ICodeEditorViewState | null;
  listener: monaco.IDisposable;
}

const entries = new Map<string, Entry>();
/** Peek models: files shown in a references/definition preview without a tab. */
const peeks = new Map<string, monaco.editor.ITextModel>();

export function uriForPath(path: string): monaco.Uri {
  return monaco.Uri.from({ scheme: 'file', path: '/' + path });
}

/** The project-relative path of one of our models (tab or peek), or undefined for other models (diff editors…). */
export function pathForUri(uri: monaco.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  const path = uri.path.replace(/^\//, '');
  return entries.has(path) || peeks.has(path) ? path : undefined;
}

export function createModel(path: string, content: string, language: string, onDirty: (dirty: boolean) => void): monaco.editor.ITextModel {
  const existing = entries.get(path);
  if (existing) return existing.model;
  const model = adoptPeekModel(path, content, language) ?? monaco.editor.createModel(content, language, uriForPath(path));
  // Follow the file's own indentation; when it has none, YAML (Kubernetes style) gets two spaces and
  // Starlark four, like Python.
  model.detectIndentation(true, language === 'starlark' ? 4 : 2);
  const entry: Entry = { model, savedVersion: model.getAlternativeVersionId(), viewState: null, listener: { dispose() {} } };
  entry.listener = model.onDidChangeContent(() => onDirty(model.getAlternativeVersionId() !== entry.savedVersion));
  entries.set(path, entry);
  return model;
}

/** The peek model of a file being opened, with the disk's text, as the tab's model (a fresh undo stack). */
function adoptPeekModel(path: string, content: string, language: string): monaco.editor.ITextModel | undefined {
  const model = peeks.get(path);
  if (!model) return undefined;
  peeks.delete(path);
  if (model.isDisposed()) return undefined;
  if (model.getValue() !== content) model.setValue(content);
  if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
  return model;
}

/** Does the file have a model (a tab's or a peek)? */
export function hasAnyModel(path: string): boolean {
  return entries.has(path) || peeks.has(path);
}

/** Makes (or refreshes) the peek model of a file that has no tab, from the disk's text. */
export function putPeekModel(path: string, content: string, language: string): void {
  if (entries.has(path)) return;
  const model = peeks.get(path);
  if (model && !model.isDisposed()) {
    if (model.getValue() !== content) model.setValue(content);
    return;
  }
  peeks.set(path, monaco.editor.createModel(content, language, uriForPath(path)));
}

export function getModel(path: string): monaco.editor.ITextModel | undefined {
  return entries.get(path)?.model;
}

export function getText(path: string): string | undefined {
  return entries.get(path)?.model.getValue();
}

/** Marks the model's current text as what is on disk. */
export function markSavedVersion(path: string): void {
  const e = entries.get(path);
  if (e) e.savedVersion = e.model.getAlternativeVersionId();
}

/**
 * Replaces the text with the disk's content as an undoable edit (the user can undo a reload), and
 * marks it saved.
 */
export function replaceWithDisk(path: string, content: string): void {
  const e = entries.get(path);
  if (!e) return;
  if (e.model.getValue() !== content) {
    e.model.pushStackElement();
    e.model.pushEditOperations([], [{ range: e.model.getFullModelRange(), text: content }], () => null);
    e.model.pushStackElement();
  }
  e.savedVersion = e.model.getAlternativeVersionId();
}

/** Replaces the text as an undoable edit, without touching the saved version (restored unsaved edits). */
export function replaceText(path: string, content: string): void {
  const e = entries.get(path);
  if (!e || e.model.getValue() === content) return;
  e.model.pushStackElement();
  e.model.pushEditOperations([], [{ range: e.model.getFullModelRange(), text: content }], () => null);
  e.model.pushStackElement();
}

export function saveViewState(path: string, state: monaco.editor.ICodeEditorViewState | null): void {
  const e = entries.get(path);
  if (e) e.viewState = state;
}

export function getViewState(path: string): monaco.editor.ICodeEditorViewState | null {
  return entries.get(path)?.viewState ?? null;
}

export function disposeModel(path: string): void {
  const e = entries.get(path);
  if (!e) return;
  e.listener.dispose();
  e.model.dispose();
  entries.delete(path);
}

export function disposeAllModels(): void {
  for (const path of [...entries.keys()]) disposeModel(path);
  for (const m of peeks.values()) m.dispose();
  peeks.clear();
}

/** The Monaco-backed TextModels the workspace uses in the app. */
export const monacoTextModels: TextModels = {
  create: (path, content, language, onDirty) => void createModel(path, content, language, onDirty),
  has: (path) => entries.has(path),
  getText,
  markSavedVersion,
  replaceWithDisk,
  replaceText,
  dispose: disposeModel,
  disposeAll: disposeAllModels,
};
