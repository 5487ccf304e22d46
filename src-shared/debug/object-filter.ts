// The object filter of the debugger: `KIND/NAME` or `KIND/NAMESPACE/NAME` names the object being
// reconciled (kind case-insensitive, `*` matches any run of characters in a part). A breakpoint with a filter
// stops only while its reconcile is about a matching object, so a run over 10,000 objects stops where the
// author wants. Shared by the renderer (validating what is typed), the CLI (--object) and the engine.

export interface ObjectFilter {
  kind: string;
  /** Absent: any namespace. */
  namespace?: string;
  name: string;
  /** The text it was parsed from. */
  text: string;
}

/** The object a reconcile is about. */
export interface ReconciledObject {
  kind: string;
  namespace: string;
  name: string;
}

/** Parses `KIND/NAME` or `KIND/NAMESPACE/NAME`; an error message says what is wrong. */
export function parseObjectFilter(text: string): ObjectFilter | { error: string } {
  const t = text.trim();
  const parts = t.split('/');
  if (t === '' || parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === '')) {
    return { error: `Object filter "${text}" is not KIND/NAME or KIND/NAMESPACE/NAME (for example Greeter/world, or Greeter/default/*).` };
  }
  const [kind, a, b] = parts.map((p) => p.trim()) as [string, string, string | undefined];
  return b === undefined ? { kind, name: a, text: t } : { kind, namespace: a, name: b, text: t };
}

/** Whether the object matches the filter. */
export function objectMatches(f: ObjectFilter, o: ReconciledObject): boolean {
  return glob(f.kind, o.kind, true) && (f.namespace === undefined || glob(f.namespace, o.namespace, false)) && glob(f.name, o.name, false);
}

/** `KIND/NAMESPACE/NAME` of an object, as filters and messages write it. */
export function objectLabel(o: ReconciledObject): string {
  return o.namespace ? `${o.kind}/${o.namespace}/${o.name}` : `${o.kind}/${o.name}`;
}

function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (!p.includes('*')) return p === v;
  const pieces = p.split('*');
  if (!v.startsWith(pieces[0]!)) return false;
  let at = pieces[0]!.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = v.indexOf(pieces[i]!, at);
    if (found < 0) return false;
    at = found + pieces[i]!.length;
  }
  const last = pieces[pieces.length - 1]!;
  return v.length - last.length >= at && v.endsWith(last);
}
