// The editor's Starlark language features as host calls (src-shared/ipc/channels/language.ts): hover,
// definition, references, completion, signature help, rename and the outline. Each request carries the
// buffer being edited and the other unsaved Starlark buffers, so answers follow what the user sees, not
// the disk. Files a result points at get what Monaco needs to show them: a peek model for previews, a tab
// for the files a rename changes (their edits then show as unsaved changes, undoable per file).
import type { FileEdits, LangLocation } from '../../../src-shared/ipc/channels/language';
import type { Request, Response } from '../../../src-shared/ipc/contract';
import { invoke } from '../../api';
import { commands } from '../../kit/commands';
import { errorMessage } from '../../kit/ipc-errors';
import { formatShortcut } from '../../kit/keybindings';
import { isMac } from '../../kit/platform';
import { notify } from '../../state/notices';
import { openInBackground } from './editor-controller';
import { dirtyPaths, useEditor } from './editor-store';

export interface StarlarkLanguageOptions {
  /** The current text of an open buffer (the Monaco model's). */
  getText(path: string): string | undefined;
  /** Whether a file already has a model Monaco can show (a tab's or a peek). */
  hasModel(path: string): boolean;
  /** Gives a file without a tab a read-only model with this text (for previews). */
  putPeekModel(path: string, text: string): void;
}

let options: StarlarkLanguageOptions | undefined;

export function startStarlarkLanguage(o: StarlarkLanguageOptions): void {
  options = o;
}

/** Where the cursor is in which buffer. */
export interface Cursor {
  file: string;
  text: string;
  line: number;
  col: number;
}

/** The other unsaved Starlark buffers (at most 64, the contract's limit). */
function buffers(except: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const p of dirtyPaths(useEditor.getState())) {
    if (p === except || !p.endsWith('.star')) continue;
    const text = options?.getText(p);
    if (text !== undefined) out.push({ file: p, text });
    if (out.length === 64) break;
  }
  return out;
}

function withBuffers(at: Cursor): Cursor & { buffers: { file: string; text: string }[] } {
  return { ...at, buffers: buffers(at.file) };
}

/** A language request that fails quietly: an editor feature that is not there is better than an error toast per key. */
async function quietly<T>(run: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await run();
  } catch {
    return fallback;
  }
}

export function hover(at: Cursor): Promise<Response<'starlark.hover'>['hover']> {
  return quietly(async () => (await invoke('starlark.hover', withBuffers(at))).hover, null);
}

export function completion(at: Cursor): Promise<Response<'starlark.completion'> | null> {
  return quietly(() => invoke('starlark.completion', withBuffers(at)), null);
}

export function signatureHelp(at: Cursor): Promise<Response<'starlark.signatureHelp'>['help']> {
  return quietly(async () => (await invoke('starlark.signatureHelp', withBuffers(at))).help, null);
}

export function documentSymbols(file: string, text: string): Promise<Response<'starlark.symbols'>['symbols']> {
  return quietly(async () => (await invoke('starlark.symbols', { file, text })).symbols, []);
}

/** Reads the files a result points at that have no model yet into peek models, so previews can show them. */
async function ensureModels(locations: LangLocation[]): Promise<LangLocation[]> {
  const files = [...new Set(locations.map((l) => l.file))];
  const shown = new Set<string>();
  await Promise.all(
    files.map(async (file) => {
      if (options?.hasModel(file)) return void shown.add(file);
      try {
        const { content } = await invoke('file.read', { path: file });
        options?.putPeekModel(file, content);
        shown.add(file);
      } catch {
        // a file that cannot be read is left out of the list rather than breaking it
      }
    }),
  );
  return locations.filter((l) => shown.has(l.file));
}

export function definition(at: Cursor): Promise<LangLocation[]> {
  return quietly(async () => ensureModels((await invoke('starlark.definition', withBuffers(at))).locations), []);
}

export function references(at: Cursor, includeDeclaration: boolean): Promise<LangLocation[]> {
  return quietly(async () => ensureModels((await invoke('starlark.references', { ...withBuffers(at), includeDeclaration })).locations), []);
}

/** The range and name a rename starts from, or the reason it cannot. */
export async function prepareRename(at: Cursor): Promise<Response<'starlark.prepareRename'>> {
  try {
    return await invoke('starlark.prepareRename', withBuffers(at));
  } catch (err) {
    return { reason: errorMessage(err) };
  }
}

/**
 * The edits of a rename, with every file they touch open in a tab (in the background), so Monaco can apply
 * them and the user sees and saves them. Throws with the reason when the rename is refused.
 */
export async function rename(at: Cursor, newName: string): Promise<FileEdits[]> {
  const req: Request<'starlark.rename'> = { ...withBuffers(at), newName };
  const { edits } = await invoke('starlark.rename', req);
  const opened = await openInBackground(edits.map((e) => e.file));
  const missing = edits.filter((e) => !opened.includes(e.file)).map((e) => e.file);
  if (missing.length) throw new Error(`Could not open ${missing.join(', ')} to rename in it; nothing was renamed.`);
  const files = edits.length;
  const count = edits.reduce((n, e) => n + e.edits.length, 0);
  const saveAll = commands.get('file.saveAll')?.shortcut;
  if (files > 1) notify('info', `Renamed ${count} places in ${files} files; the changed files are open with unsaved changes${saveAll ? ` (Save All: ${formatShortcut(saveAll, isMac())})` : ''}.`);
  return edits;
}

/** A rename that failed, as the message Monaco shows under the rename box. */
export function renameFailure(err: unknown): string {
  return errorMessage(err);
}
