// The two large libraries behind CRD schemas, loaded only when a project needs them: re2js (Go regular
// expressions, for `pattern`s and CEL matches()) and cel-js (x-kubernetes-validations rules and CEL field
// selectors). Together they are about a fifth of the code a runner thread would otherwise load and run at
// start-up (~0.05 s of CPU), and most projects use neither.
//
// Two ways in:
//   - `loadSchemaLibraries(needs)`, awaited by the loader once it has read the CRDs (`schemaLibrariesFor`
//     says which libraries they need): a dynamic import, so the bundle keeps each library in a chunk of
//     its own that a run without patterns or rules never reads;
//   - `re2js()` / `celJs()`, the synchronous accessors the schema code calls. When nothing preloaded the
//     library (a CRD registered outside the loader: a reconciler applying one, a test, the host's workers),
//     they load it on the spot with require(): Node (>= 20.19) loads ES modules synchronously that way. That
//     path reads the package from node_modules rather than the bundle; it is the rare one.
import { createRequire } from 'node:module';

export type Re2Library = typeof import('re2js');
export type CelLibrary = typeof import('@marcbachmann/cel-js');

/** Which schema libraries some CRDs or expressions need. */
export interface SchemaLibraryNeeds {
  /** A `pattern` somewhere (re2js). */
  regex: boolean;
  /** An x-kubernetes-validations rule somewhere (cel-js, and re2js for its matches()). */
  cel: boolean;
}

let re2: Re2Library | undefined;
let cel: CelLibrary | undefined;
const requireSync = createRequire(import.meta.url);

/** Loads the libraries `needs` names (each once per thread); the synchronous accessors then return at once. */
export async function loadSchemaLibraries(needs: SchemaLibraryNeeds): Promise<void> {
  if ((needs.regex || needs.cel) && !re2) re2 = await import('re2js');
  if (needs.cel && !cel) cel = await import('@marcbachmann/cel-js');
}

/** re2js, loaded now if nothing preloaded it. */
export function re2js(): Re2Library {
  return (re2 ??= requireSync('re2js') as Re2Library);
}

/** cel-js, loaded now if nothing preloaded it. */
export function celJs(): CelLibrary {
  return (cel ??= requireSync('@marcbachmann/cel-js') as CelLibrary);
}

/**
 * Which libraries these CRD objects (or any JSON-like values) need: a `pattern` string or an
 * `x-kubernetes-validations` list anywhere in them. A key of that name outside a schema (a property that
 * happens to be called `pattern`) only costs loading a library that is then not used.
 */
export function schemaLibrariesFor(values: Iterable<unknown>): SchemaLibraryNeeds {
  const needs: SchemaLibraryNeeds = { regex: false, cel: false };
  const stack: unknown[] = [...values];
  while (stack.length > 0 && !(needs.regex && needs.cel)) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'pattern' && typeof x === 'string') needs.regex = true;
        else if (k === 'x-kubernetes-validations' && Array.isArray(x) && x.length > 0) needs.cel = true;
        stack.push(x);
      }
    }
  }
  return needs;
}
