// What the provenance views say about a field (issue 13), as plain data the card renders and the hover
// turns into Markdown: the field and its value, who wrote it (reconciler, builtin, the object it was
// reconciling), the places to open (call site, where the value was built, the trigger's input file), its
// managers and when it last changed. Pure, so it is tested without a browser.
import type { ExplainResponse } from '../../../src-shared/ipc/channels/insight';
import { objectKeyOf, type FieldExplanation, type SourcePosition } from '../../../src-shared/insight/provenance';

/** A place a link opens. */
export interface PlaceLink {
  label: string;
  place: SourcePosition;
}

export interface FieldStory {
  path: string;
  value: string;
  /** "client_create of ex.writer, reconciling Greeter default/world", or what else wrote the field. */
  writer: string;
  links: PlaceLink[];
  managers: string;
  /** When the value last changed, with the snapshot id (the caller adds the relative time). */
  change: { text: string; at?: string };
}

export const at = (p: SourcePosition) => `${p.file}:${p.line}`;

/** One field's story; `inputs` is the answer's trigger → input file map. */
export function fieldStory(f: FieldExplanation, inputs: ExplainResponse['inputs'] = {}): FieldStory {
  const links: PlaceLink[] = [];
  let writer: string;
  const w = f.write;
  if (w) {
    const t = w.trigger;
    writer = `${w.via} of ${w.reconciler}, reconciling ${t.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name}`;
    if (w.callSite) links.push({ label: `${w.via}()`, place: w.callSite });
    if (w.builtAt) links.push({ label: w.builtAt.exact ? 'value built' : 'in the literal', place: w.builtAt });
    if (w.appliedAt?.[0]) links.push({ label: 'client_apply()', place: w.appliedAt[0] });
    const input = inputs[objectKeyOf(t.apiVersion, t.kind, t.namespace, t.name)];
    if (input) links.push({ label: `input ${t.kind}/${t.name}`, place: input });
  } else if (f.managers.some((m) => m.manager === 'inputfileloader')) writer = 'the input loader (a file in in/)';
  else if (f.managers.length) writer = `field manager ${f.managers.map((m) => m.manager).join(', ')} (no reconciler write recorded)`;
  else writer = 'the engine (no field manager tracks it)';
  const managers = f.managers.length ? f.managers.map((m) => `${m.manager} (${m.operation})`).join(', ') : 'none';
  const c = f.lastChange;
  const change = c
    ? { text: c.op === 'added' ? `first set in run ${c.snapshotId.slice(0, 8)}` : `changed in run ${c.snapshotId.slice(0, 8)}, from ${short(c.from)}`, at: c.createdAt }
    : { text: f.historyDepth > 0 ? `unchanged in the ${f.historyDepth} older run(s) kept` : 'no older run to compare with' };
  return { path: f.path, value: short(f.value), writer, links, managers, change };
}

/** A value in one line, cut at 80 characters. */
export function short(v: unknown): string {
  const s = v === undefined ? '(none)' : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** The command a hover link runs to open a project file at a line (registered by the controller). */
export const OPEN_FILE_COMMAND = 'choreo.openFileAt';

/** The hover's Markdown: the first fields of the answer, with links that open their places. */
export function hoverMarkdown(answer: ExplainResponse, max = 4): string {
  const out: string[] = [];
  if (!answer.recorded) out.push('_This run recorded no provenance (a prod session or an older run): field managers only._\n');
  for (const f of answer.fields.slice(0, max)) {
    const s = fieldStory(f, answer.inputs);
    out.push(`**\`${s.path}\`** = \`${s.value.replaceAll('`', "'")}\``);
    out.push(`written by ${s.writer}`);
    if (s.links.length) out.push(s.links.map((l) => `[${l.label} ${at(l.place)}](${openFileLink(l.place)})`).join(' · '));
    out.push(`_${s.change.text}_\n`);
  }
  if (answer.fields.length > max) out.push(`…and ${answer.fields.length - max} more field(s) below; click the line to see all.`);
  return out.join('  \n');
}

export function openFileLink(p: SourcePosition): string {
  return `command:${OPEN_FILE_COMMAND}?${encodeURIComponent(JSON.stringify([p.file, p.line, p.col]))}`;
}
