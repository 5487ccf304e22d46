// JSON text written in pieces, for files too large to build as one string: last-run.json of a 100,000-object
// run is ~100 MB of events, held twice while written (the string, then its bytes), and V8 refuses strings
// longer than 2^29 characters at all. The pieces joined are exactly JSON.stringify(value).

/** Pieces of about this many characters (fewer, larger writes). */
const PIECE_CHARS = 1 << 20;

/**
 * JSON.stringify(value) in pieces of about a megabyte: objects and arrays down to `depth` levels are walked,
 * anything deeper is rendered whole by JSON.stringify (so `depth` must reach the large arrays).
 */
export function* jsonPieces(value: unknown, depth: number): Generator<string> {
  let buffered = '';
  for (const text of walk(value, depth)) {
    buffered += text;
    if (buffered.length >= PIECE_CHARS) {
      yield buffered;
      buffered = '';
    }
  }
  if (buffered !== '') yield buffered;
}

function* walk(value: unknown, depth: number): Generator<string> {
  if (depth <= 0 || !isWalkable(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  const deeper = depth - 1;
  if (Array.isArray(value)) {
    if (deeper === 0) {
      yield* leafArray(value);
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (i > 0) yield ',';
      if (isWalkable(v)) yield* walk(v, deeper);
      else yield JSON.stringify(v) ?? 'null'; // what JSON.stringify puts for undefined in an array
    }
    yield ']';
    return;
  }
  yield '{';
  let separator = '';
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (deeper > 0 && isWalkable(v)) {
      yield `${separator}${JSON.stringify(key)}:`;
      yield* walk(v, deeper);
    } else {
      const text = JSON.stringify(v);
      if (text === undefined) continue; // what JSON.stringify leaves out of an object (undefined, functions)
      yield `${separator}${JSON.stringify(key)}:${text}`;
    }
    separator = ',';
  }
  yield '}';
}

/** Elements of an array rendered together: one JSON.stringify per element cost more than the rendering itself. */
const LEAF_BATCH = 256;

/**
 * An array whose elements are rendered whole, LEAF_BATCH elements per JSON.stringify (a slice renders its
 * elements exactly as the array would: holes and undefined as null, separated by commas).
 */
function* leafArray(value: unknown[]): Generator<string> {
  if (value.length <= LEAF_BATCH) {
    yield JSON.stringify(value);
    return;
  }
  yield '[';
  for (let i = 0; i < value.length; i += LEAF_BATCH) {
    const text = JSON.stringify(value.slice(i, i + LEAF_BATCH));
    yield i === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`;
  }
  yield ']';
}

/** An object or array JSON.stringify would walk into (one without a toJSON of its own). */
function isWalkable(v: unknown): v is object {
  return typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}
