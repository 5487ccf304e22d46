// Records field provenance during a run (issue 13): every object a reconciler writes through a host builtin
// (client_create, client_update[_status], reconcile_result) with the reconciler, the object it was
// reconciling, the Starlark call stack of the builtin and, per field, the dict-literal entry that built it.
//
// Recording is on the hot path of every write, so it only keeps what the interpreter already has: the call
// sites are compile-time constants (Thread.callers) and the field sites come from one walk of the written
// dict. Positions stay in Starlark's module names (`reconciler.star`, a library name) until the records
// are serialised, when each reconciler's mapper turns them into project files once per distinct position.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { appendIndex, appendKey, objectKeyOf, type ObjectIdentity, type SourcePosition, type WriteRecord, type WriteVia } from '../../../src-shared/insight/provenance.js';
import { decodeUtf8, Dict, List, type Position, type Value } from '../starlark/index.js';

/** Maps a Starlark position (module file name, line, col) to a project file position. */
export type PositionMapper = (file: string, line: number, col: number) => SourcePosition;

/** One write as the builtins see it: raw Starlark positions, mapped when serialised. */
interface RawWrite {
  /** The written object's key (objectKeyOf). */
  key: string;
  reconciler: string;
  via: WriteVia;
  trigger: ObjectIdentity;
  callStack: Position[];
  appliedAt?: Position[];
  fields: Map<string, Position>;
  map: PositionMapper;
  /** Its stored form and shape, once made (the provenance file and the reconcile memo both want them). */
  stored?: StoredWrite;
}

/**
 * A record without its trigger: what every write made by the same code at the same places has in common
 * (10,000 objects reconciled by one reconciler give a handful). The recorder makes each once per run, so the
 * reconcile memo, which keeps them once per chunk, can tell them apart by identity.
 */
export type RecordShape = Omit<WriteRecord, 'trigger'>;

/** A noted write as stored: its record, and the shape the record was made from. */
export interface StoredWrite {
  record: WriteRecord;
  shape: RecordShape;
}

export class ProvenanceRecorder {
  /** object key → reconciler → its last write of the object. */
  private readonly writes = new Map<string, Map<string, RawWrite | WriteRecord>>();
  /** Positions mapped to project files and the record shapes made, once the run is done (see mapped()). */
  private mapping: RecordMapping | undefined;

  /**
   * Notes that `reconciler`, reconciling `trigger`, wrote `obj` (absent: `trigger` itself), built from the
   * Starlark value `value`. The key has the namespace as written (a child written without one is looked
   * up under '' too, see recordsOf).
   */
  noteWrite(w: { reconciler: string; via: WriteVia; trigger: ObjectIdentity; callStack: Position[]; value: Value; obj?: KrmObject; map: PositionMapper }): RawWriteHandle {
    const t = w.trigger;
    const key = w.obj
      ? objectKeyOf(String(w.obj.apiVersion ?? ''), String(w.obj.kind ?? ''), w.obj.metadata?.namespace, w.obj.metadata?.name)
      : objectKeyOf(t.apiVersion, t.kind, t.namespace, t.name);
    let byReconciler = this.writes.get(key);
    if (!byReconciler) this.writes.set(key, (byReconciler = new Map()));
    const fields = new Map<string, Position>();
    if (w.value instanceof Dict) collectFieldSites(w.value, '', fields);
    const raw: RawWrite = { key, reconciler: w.reconciler, via: w.via, trigger: w.trigger, callStack: w.callStack, fields, map: w.map };
    // delete first so the map keeps the order of the last writes
    byReconciler.delete(w.reconciler);
    byReconciler.set(w.reconciler, raw);
    return raw;
  }

  /** Notes where the writes in `handles` were applied (client_apply, or profile B's reconcile_result). */
  noteApplied(handles: RawWriteHandle[], callStack: Position[]): void {
    for (const h of handles) (h as RawWrite).appliedAt = callStack;
  }

  /**
   * Notes a write that a skipped reconcile made in an earlier run (reconcile-memo.ts): its record as stored,
   * or this run's handle of it. Same place in the order as the write it repeats.
   */
  replay(key: string, reconciler: string, record: WriteRecord | RawWriteHandle): void {
    let byReconciler = this.writes.get(key);
    if (!byReconciler) this.writes.set(key, (byReconciler = new Map()));
    byReconciler.delete(reconciler);
    byReconciler.set(reconciler, record as RawWrite | WriteRecord);
  }

  /**
   * The records object by object in their stored form (ProvenanceRecords.objects' entries, positions mapped
   * to project files): written to a file one at a time, 100,000 objects never make one huge string.
   */
  *entries(): Generator<[string, WriteRecord[]]> {
    for (const [key, byReconciler] of this.writes) yield [key, [...byReconciler.values()].map((w) => (isRaw(w) ? this.stored(w).record : w))];
  }

  /** A noted write (a handle noteWrite returned) in its stored form. Only once the run's writes are done. */
  stored(handle: RawWriteHandle): StoredWrite {
    const w = handle as RawWrite;
    if (!w.stored) {
      const shape = (this.mapping ??= new RecordMapping()).shape(w);
      const { reconciler, via, callStack, appliedAt, fields } = shape;
      // the key order of a WriteRecord is the shape's with the trigger third
      w.stored = { record: { reconciler, via, trigger: w.trigger, callStack, ...(appliedAt ? { appliedAt } : {}), fields }, shape };
    }
    return w.stored;
  }
}

/** Maps raw writes to record shapes: each Starlark position once, each distinct shape once. */
class RecordMapping {
  private readonly positions = new Map<Position, SourcePosition>();
  /** A small number per position and per mapper, for the shape keys. */
  private readonly ids = new Map<object, number>();
  private readonly shapes = new Map<string, RecordShape>();

  shape(w: RawWrite): RecordShape {
    const key = this.shapeKey(w);
    let shape = this.shapes.get(key);
    if (!shape) {
      const fields: Record<string, SourcePosition> = {};
      for (const [path, p] of w.fields) fields[path] = this.position(w, p);
      shape = {
        reconciler: w.reconciler,
        via: w.via,
        callStack: w.callStack.map((p) => this.position(w, p)),
        ...(w.appliedAt ? { appliedAt: w.appliedAt.map((p) => this.position(w, p)) } : {}),
        fields,
      };
      this.shapes.set(key, shape);
    }
    return shape;
  }

  /** Equal for two writes exactly when their shapes are: the same reconciler, call, positions and paths. */
  private shapeKey(w: RawWrite): string {
    let key = `${w.reconciler}\n${w.via}\n${this.id(w.map)}\n`;
    for (const p of w.callStack) key += `${this.id(p)},`;
    key += w.appliedAt ? '\n' : '\n-';
    for (const p of w.appliedAt ?? []) key += `${this.id(p)},`;
    for (const [path, p] of w.fields) key += `\n${path}\u0000${this.id(p)}`;
    return key;
  }

  private id(o: object): number {
    let i = this.ids.get(o);
    if (i === undefined) this.ids.set(o, (i = this.ids.size));
    return i;
  }

  private position(w: RawWrite, p: Position): SourcePosition {
    let m = this.positions.get(p);
    if (!m) this.positions.set(p, (m = w.map(p.file, p.line, p.col)));
    return m;
  }
}

function isRaw(w: RawWrite | WriteRecord): w is RawWrite {
  return (w as RawWrite).fields instanceof Map;
}

/** An opaque handle on a noted write (to add where it was applied). */
export type RawWriteHandle = object;

/** The key of the object a noted write wrote. */
export function writtenKey(handle: RawWriteHandle): string {
  return (handle as RawWrite).key;
}

/**
 * Where a walked value sits: its path text, or the step from its container. The text is built only when a
 * field site is recorded under it: a written dict is often an object read from the store and changed (the
 * reconciled object, managedFields and all), which has no literal in it, and quoting every key of it
 * (`f:metadata` and the like are not plain names) cost more than the walk itself.
 */
type FieldPath = string | { up: FieldPath; key: string } | { up: FieldPath; index: number };

function pathText(p: FieldPath): string {
  if (typeof p === 'string') return p;
  return 'key' in p ? appendKey(pathText(p.up), decodeUtf8(p.key)) : appendIndex(pathText(p.up), p.index);
}

/**
 * Field path → the dict-literal entry that set it, for every entry of a dict made by a literal (entries
 * with computed keys get the literal's own position). Dicts made otherwise are walked but not recorded.
 */
function collectFieldSites(d: Dict, at: FieldPath, out: Map<string, Position>): void {
  const born = d.born;
  const base = born ? pathText(at) : '';
  d.forEachEntry((k, v) => {
    if (typeof k !== 'string') return; // a KRM object has string keys only
    if (born) {
      const p = appendKey(base, decodeUtf8(k));
      out.set(p, born.keys.get(k) ?? born.at);
      if (v instanceof Dict) collectFieldSites(v, p, out);
      else if (v instanceof List) collectListSites(v, p, out);
    } else if (v instanceof Dict) collectFieldSites(v, { up: at, key: k }, out);
    else if (v instanceof List) collectListSites(v, { up: at, key: k }, out);
  });
}

function collectListSites(l: List, at: FieldPath, out: Map<string, Position>): void {
  const elems = l.elems;
  for (let i = 0; i < elems.length; i++) {
    const v = elems[i];
    if (v instanceof Dict) collectFieldSites(v, { up: at, index: i }, out);
    else if (v instanceof List) collectListSites(v, { up: at, index: i }, out);
  }
}
