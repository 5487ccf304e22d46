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
import { isSharedFieldSet } from '../builtins/self-dict.js';

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
  /** Field path and the dict-literal entry that set it, in turn: one array for all writes with the same sites. */
  fields: FieldSites;
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

/** [path, position, path, position, ...]: where each field of a written object was built. */
type FieldSites = ReadonlyArray<string | Position>;

const NO_SITES: FieldSites = [];

/** A write as the recorder keeps it: noted by this run, or replayed from an earlier one's record. */
type Write = RawWrite | WriteRecord;

export class ProvenanceRecorder {
  /**
   * object key → its last write by each reconciler: the write itself while one reconciler wrote the object
   * (most objects; a Map each was a good part of a large run's heap), else reconciler → write.
   */
  private readonly writes = new Map<string, Write | Map<string, Write>>();
  /** Positions mapped to project files and the record shapes made, once the run is done (see stored()). */
  private mapping: RecordMapping | undefined;
  /**
   * The field sites of the writes, each distinct list kept once: 10,000 objects written by the same code have
   * the same sites, and a list (with its path texts) kept per write was most of what a large run's recording
   * kept alive, which garbage collection paid for.
   */
  private readonly siteLists = new Map<string, FieldSites>();
  /** A small number per Starlark position, for the keys of siteLists. */
  private readonly positionIds = new Map<Position, number>();

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
    const sites: Array<string | Position> = [];
    if (w.value instanceof Dict) collectFieldSites(w.value, [], '', sites);
    const raw: RawWrite = { key, reconciler: w.reconciler, via: w.via, trigger: w.trigger, callStack: w.callStack, fields: this.shared(sites), map: w.map };
    this.keep(key, raw);
    return raw;
  }

  /** The kept list equal to `sites`. */
  private shared(sites: Array<string | Position>): FieldSites {
    if (sites.length === 0) return NO_SITES;
    let key = '';
    for (let i = 0; i < sites.length; i += 2) {
      const p = sites[i + 1] as Position;
      let id = this.positionIds.get(p);
      if (id === undefined) this.positionIds.set(p, (id = this.positionIds.size));
      // a path never holds a NUL or a newline (appendKey quotes such keys)
      key += `${sites[i] as string}\u0000${id}\n`;
    }
    let kept = this.siteLists.get(key);
    if (!kept) this.siteLists.set(key, (kept = sites));
    return kept;
  }

  /** Keeps `write` as its reconciler's last write of the object `key`, after the other reconcilers' last writes. */
  private keep(key: string, write: Write): void {
    const was = this.writes.get(key);
    if (was === undefined || (!(was instanceof Map) && was.reconciler === write.reconciler)) this.writes.set(key, write);
    else if (was instanceof Map) {
      // delete first so the map keeps the order of the last writes
      was.delete(write.reconciler);
      was.set(write.reconciler, write);
    } else {
      this.writes.set(
        key,
        new Map([
          [was.reconciler, was],
          [write.reconciler, write],
        ]),
      );
    }
  }

  /** Notes where the writes in `handles` were applied (client_apply, or profile B's reconcile_result). */
  noteApplied(handles: RawWriteHandle[], callStack: Position[]): void {
    for (const h of handles) (h as RawWrite).appliedAt = callStack;
  }

  /**
   * Notes a write that a skipped reconcile made in an earlier run (reconcile-memo.ts): its record as stored,
   * or this run's handle of it. Same place in the order as the write it repeats.
   */
  replay(key: string, record: WriteRecord | RawWriteHandle): void {
    this.keep(key, record as Write);
  }

  /**
   * The records object by object in their stored form (ProvenanceRecords.objects' entries, positions mapped
   * to project files): written to a file one at a time, 100,000 objects never make one huge string.
   */
  *entries(): Generator<[string, WriteRecord[]]> {
    for (const [key, writes] of this.writes) {
      const records: WriteRecord[] = [];
      for (const w of writes instanceof Map ? writes.values() : [writes]) records.push(isRaw(w) ? this.stored(w).record : w);
      yield [key, records];
    }
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
      const f = w.fields;
      for (let i = 0; i < f.length; i += 2) fields[f[i] as string] = this.position(w, f[i + 1] as Position);
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
    key += `\n${this.id(w.fields)}`;
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

function isRaw(w: Write): w is RawWrite {
  return (w as RawWrite).map !== undefined;
}

/** An opaque handle on a noted write (to add where it was applied). */
export type RawWriteHandle = object;

/** The key of the object a noted write wrote. */
export function writtenKey(handle: RawWriteHandle): string {
  return (handle as RawWrite).key;
}

/**
 * Where the walk is: the keys and indexes from the written dict down. A path's text is built only when a field
 * site is recorded under it: a written dict is often an object read from the store and changed (the
 * reconciled object, managedFields and all), which has no literal in it, and quoting every key of it
 * (`f:metadata` and the like are not plain names) cost more than the walk itself. One array for the whole
 * walk (pushed and popped) instead of a step object per dict or list entered.
 */
type Steps = Array<string | number>;

function pathText(steps: Steps): string {
  let p = '';
  for (const s of steps) p = typeof s === 'number' ? appendIndex(p, s) : appendKey(p, decodeUtf8(s));
  return p;
}

/**
 * Field path → the dict-literal entry that set it, for every entry of a dict made by a literal (entries
 * with computed keys get the literal's own position). Dicts made otherwise are walked but not recorded,
 * except the field sets of managedFields that `self` shares (builtins/self-dict.ts): made by conversion,
 * they hold no literal. `text` is the path's text when the caller has it.
 */
function collectFieldSites(d: Dict, steps: Steps, text: string | undefined, out: Array<string | Position>): void {
  const born = d.born;
  if (!born && d.frozen && isSharedFieldSet(d)) return;
  const base = born ? (text ?? pathText(steps)) : '';
  d.forEachEntry((k, v) => {
    if (typeof k !== 'string') return; // a KRM object has string keys only
    let p: string | undefined;
    if (born) {
      p = appendKey(base, decodeUtf8(k));
      out.push(p, born.keys.get(k) ?? born.at);
    }
    if (v instanceof Dict || v instanceof List) {
      steps.push(k);
      if (v instanceof Dict) collectFieldSites(v, steps, p, out);
      else collectListSites(v, steps, out);
      steps.pop();
    }
  });
}

function collectListSites(l: List, steps: Steps, out: Array<string | Position>): void {
  const elems = l.elems;
  for (let i = 0; i < elems.length; i++) {
    const v = elems[i];
    if (!(v instanceof Dict || v instanceof List)) continue;
    steps.push(i);
    if (v instanceof Dict) collectFieldSites(v, steps, undefined, out);
    else collectListSites(v, steps, out);
    steps.pop();
  }
}
