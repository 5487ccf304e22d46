// Field provenance for the object views (issue 13): asks the host (provenance.explain) about the field at a
// place of an object's YAML, remembers the last answers (a hover asks again and again), and registers the
// command the hovers' links run to open a reconciler or an input file at its line.
import type { ExplainResponse } from '../../../src-shared/ipc/channels/insight';
import { fieldPathAt } from '../../../src-shared/insight/yaml-field-path';
import { invoke } from '../../api';
import { monaco } from '../../monaco/monaco-setup';
import { openFile } from '../editor/editor-controller';
import { OPEN_FILE_COMMAND } from './provenance-model';

/** The object a view shows: its key, and the snapshot it comes from (undefined: the latest). */
export interface ProvenanceSource {
  key: string;
  snapshot?: string;
}

const answers = new Map<string, Promise<ExplainResponse>>();
const ANSWERS_KEPT = 64;

/** The explanation of the field `path` (and the fields below it); answers of a snapshot never change. */
export function explainField(source: ProvenanceSource, path: string): Promise<ExplainResponse> {
  // `latest` moves with every run: only a named snapshot's answers are kept
  const id = source.snapshot && source.snapshot !== 'latest' ? `${source.snapshot}\u0000${source.key}\u0000${path}` : undefined;
  const hit = id ? answers.get(id) : undefined;
  if (hit) return hit;
  const p = invoke('provenance.explain', { key: source.key, field: path, ...(source.snapshot ? { snapshot: source.snapshot } : {}) });
  if (id) {
    answers.set(id, p);
    p.catch(() => answers.delete(id));
    while (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value!);
  }
  return p;
}

/** The field at a place of the YAML text, or undefined. */
export const fieldAt = fieldPathAt;

let registered = false;

/** Hover links `command:choreo.openFileAt?[file,line,col]` open the file in the editor at that line. */
export function registerOpenFileCommand(): void {
  if (registered) return;
  registered = true;
  monaco.editor.registerCommand(OPEN_FILE_COMMAND, (_accessor: unknown, file: unknown, line: unknown, col: unknown) => {
    if (typeof file !== 'string') return;
    void openFile(file, { line: Number(line) || 1, column: Number(col) || 1 });
  });
}
