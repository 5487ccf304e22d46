// Field provenance (issue 13): who wrote a field of a derived object, in which run, while reconciling which
// object, from which line of Starlark. The engine records WriteRecords during a run and stores them next to
// the run's snapshot; `choreo explain` and the object views answer with FieldExplanations.
// Pure data: shared by the engine, the CLI and the renderer.

/** A place in a project file (1-based line and column; `file` relative to the project). */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** The identity of an object (apiVersion and kind as written, namespace '' when cluster-scoped). */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** The host builtin through which a reconciler wrote an object. */
export type WriteVia = 'client_create' | 'client_update' | 'client_update_status' | 'reconcile_result';

/** The last write of one object by one reconciler during a run. */
export interface WriteRecord {
  /** The reconciler (it is also the object's field manager). */
  reconciler: string;
  via: WriteVia;
  /** The object the reconciler was reconciling (its `for` object). */
  trigger: ObjectIdentity;
  /** Where the builtin was called, then where each enclosing Starlark function was called (innermost first). */
  callStack: SourcePosition[];
  /** Children: where client_apply was called (profile B: the reconcile_result that applied them). */
  appliedAt?: SourcePosition[];
  /**
   * Where values were built: field path (`.spec.x`, `.spec.items[0].name`) → the dict-literal entry that
   * wrote it. Only fields whose value came from a dict literal are here.
   */
  fields: Record<string, SourcePosition>;
}

/** What a run recorded, stored beside its snapshot (`<id>.provenance.json`). */
export interface ProvenanceRecords {
  format: 'choreo-provenance/1';
  /** Object key (`objectKeyOf`) → one record per reconciler that wrote the object, in write order. */
  objects: Record<string, WriteRecord[]>;
}

/** The explanation of one field of an object. */
export interface FieldExplanation {
  /** `.spec.x` */
  path: string;
  value: unknown;
  /** Field managers owning the field (managedFields), usually one. */
  managers: { manager: string; operation: string; time: string }[];
  /** The reconciler's write behind the field, when a reconciler owns it. */
  write?: {
    reconciler: string;
    via: WriteVia;
    trigger: ObjectIdentity;
    /** The call of the builtin (first of callStack). */
    callSite?: SourcePosition;
    callStack: SourcePosition[];
    appliedAt?: SourcePosition[];
    /** Where the value was built (a dict-literal entry); `exact` false: the nearest enclosing literal field. */
    builtAt?: SourcePosition & { exact: boolean };
  };
  /** The run (snapshot) the explanation is of. */
  run: { snapshotId: string; runId: string; createdAt: string };
  /** When the value last changed among the stored snapshots (undefined: the same in every one read). */
  lastChange?: { snapshotId: string; createdAt: string; from?: unknown; op: 'added' | 'changed' };
  /** How many older snapshots were compared for lastChange. */
  historyDepth: number;
}

/** The object key of provenance records: group, kind, namespace and name (versions of a kind share it). */
export function objectKeyOf(apiVersion: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return `${group}|${kind}|${namespace ?? ''}|${name ?? ''}`;
}

/** One step of a field path: a map key or a list index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `path` + a map key: `.key`, or `["key"]` for keys that are not plain names (`["example.com/x"]`). */
export function appendKey(path: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function appendIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** The text of a field path (the inverse of parseFieldPath). */
export function formatFieldPath(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) out = typeof s === 'number' ? appendIndex(out, s) : appendKey(out, s);
  return out;
}

/**
 * Parses `.spec.x`, `spec.x`, `.spec.items[0].name` or `.metadata.annotations["a.b/c"]`; throws an Error
 * saying where the text is wrong.
 */
export function parseFieldPath(text: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`field path ${JSON.stringify(text)}: ${what} at character ${i + 1} (write it as .spec.x, .spec.items[0].name or .metadata.labels["app.kubernetes.io/name"])`);
  };
  if (text.trim() === '' || text.trim() === '.') fail('empty path');
  if (text[0] !== '.' && text[0] !== '[') text = `.${text}`;
  while (i < text.length) {
    const c = text[i];
    if (c === '.') {
      const m = /^[^.[\]]+/.exec(text.slice(i + 1));
      if (!m) fail('a name is missing');
      out.push(m![0]);
      i += 1 + m![0].length;
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail('an unclosed [');
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          out.push(JSON.parse(inner) as string);
        } catch {
          fail('a bad quoted key');
        }
      } else fail('a list index or quoted key is expected');
      i = close + 1;
    } else fail(`unexpected ${JSON.stringify(c)}`);
  }
  return out;
}
