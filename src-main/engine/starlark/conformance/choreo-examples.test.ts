// Real Choreo code: every library and reconciler of ../shared/conformance/choreo-examples (the `.star` files of
// libs/ and reconcilers/, and the code embedded in in/choreo.kform.dev.*.yaml, engine.md §1.3) must resolve
// with the Choreo host builtins predeclared (spec/starlark.md §5), and every library function must run on
// sample objects (the examples' in/ objects plus a few synthetic ones for kinds without samples) and return
// JSON-like data of a sensible shape. Host builtins are small stand-ins here: the real ones are tested with
// the engine.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Builtin, Dict, StarlarkError, StarlarkFunction, Thread, Tuple, call, execFile, fromStarlark, parse, resolve, toStarlark } from '../index.js';
import type { Json, Module, Value } from '../index.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const examplesRoot = path.resolve(repoRoot, '../shared/conformance/choreo-examples');
const haveExamples = existsSync(examplesRoot);

/** spec/starlark.md §5: predeclared in reconcilers and libraries, both API generations. */
const CHOREO_BUILTINS = [
  'reconcile_result', 'client_create', 'client_apply', 'client_delete', 'client_get', 'client_list', 'client_update',
  'client_update_status', 'get_resource', 'add_finalizer', 'del_finalizer', 'is_conditionready', 'get_address',
  'isIPv4', 'isIPv6', 'is_ipv4', 'is_ipv6', 'get_subnetname', 'get_prefixlength',
];

type JsonObject = { [key: string]: Json };

interface StarFile {
  /** Where it came from, for messages. */
  origin: string;
  /** Module name (libraries: the file name including .star) or reconciler.star. */
  name: string;
  source: string;
}

interface CodeSet {
  label: string;
  libraries: Map<string, StarFile>;
  reconcilers: StarFile[];
}

interface Example {
  name: string;
  dir: string;
  objects: { file: string; obj: JsonObject }[];
  codeSets: CodeSet[];
}

function listFiles(dir: string, ext: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(ext)).sort() : [];
}

function yamlDocs(file: string): JsonObject[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => d.toJS() as unknown)
    .filter((d): d is JsonObject => d !== null && typeof d === 'object' && !Array.isArray(d));
}

function loadExample(name: string): Example {
  const dir = path.join(examplesRoot, name);
  const fromFiles: CodeSet = { label: `${name} (libs/, reconcilers/)`, libraries: new Map(), reconcilers: [] };
  for (const f of listFiles(path.join(dir, 'libs'), '.star')) {
    fromFiles.libraries.set(f, { origin: `${name}/libs/${f}`, name: f, source: readFileSync(path.join(dir, 'libs', f), 'utf8') });
  }
  for (const f of listFiles(path.join(dir, 'reconcilers'), '.star')) {
    fromFiles.reconcilers.push({ origin: `${name}/reconcilers/${f}`, name: 'reconciler.star', source: readFileSync(path.join(dir, 'reconcilers', f), 'utf8') });
  }
  const fromIn: CodeSet = { label: `${name} (in/ choreo.kform.dev objects)`, libraries: new Map(), reconcilers: [] };
  const objects: Example['objects'] = [];
  for (const f of listFiles(path.join(dir, 'in'), '.yaml')) {
    for (const doc of yamlDocs(path.join(dir, 'in', f))) {
      const spec = (doc.spec ?? {}) as JsonObject;
      const metadata = (doc.metadata ?? {}) as JsonObject;
      if (doc.kind === 'Library' && typeof spec.code === 'string') {
        const libName = String(metadata.name);
        fromIn.libraries.set(libName, { origin: `${name}/in/${f}`, name: libName, source: spec.code });
      } else if (doc.kind === 'Reconciler') {
        const code = (spec.code ?? {}) as JsonObject;
        if (spec.type === 'starlark' && typeof code['reconciler.star'] === 'string') {
          fromIn.reconcilers.push({ origin: `${name}/in/${f}`, name: 'reconciler.star', source: code['reconciler.star'] });
        }
      } else if (!f.startsWith('choreo.kform.dev.')) {
        objects.push({ file: f, obj: doc });
      }
    }
  }
  return { name, dir, objects, codeSets: [fromFiles, fromIn].filter((c) => c.libraries.size || c.reconcilers.length) };
}

const examples: Example[] = haveExamples
  ? readdirSync(examplesRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => loadExample(e.name))
      .filter((e) => e.codeSets.length > 0)
  : [];

// ---------------------------------------------------------------------------------------------------------
// Stand-in host builtins (behaviour per spec/starlark.md §5, simplified) and sample arguments.

/** A host call's result dict ("rsp"): {fatal, error, resource}. */
function withResource(resource: Value): Value {
  const d = toStarlark({ fatal: false, error: null }, { intsStayInt: true }) as Dict;
  d.set('resource', resource);
  return d;
}

function strArg(v: Value, fn: string): string {
  if (typeof v !== 'string') throw new StarlarkError('runtime', `${fn}: got ${typeof v}, want string`);
  return v;
}

function hostBuiltins(samples: JsonObject[]): Record<string, Value> {
  const readyObject = (apiVersion: Json, kind: Json, name: string, namespace: string): Value => {
    const sample = samples.find((o) => o.kind === kind);
    const base: JsonObject = sample ? structuredClone(sample) : { apiVersion, kind, metadata: { name, namespace }, spec: {} };
    base.status = { conditions: [{ type: 'Ready', status: 'True' }] };
    return toStarlark(base);
  };
  const b = (name: string, impl: (args: Value[]) => Value): Builtin => new Builtin(name, (_t, args) => impl(args));
  const fields = (o: Value): JsonObject => fromStarlark(o) as JsonObject;
  return {
    reconcile_result: b('reconcile_result', (a) => toStarlark({ fatal: false, error: null, requeue: a[1] === true, requeueAfter: 0 })),
    client_create: b('client_create', () => withResource(null)),
    client_apply: b('client_apply', () => withResource(null)),
    client_delete: b('client_delete', () => withResource(null)),
    client_update: b('client_update', () => withResource(null)),
    client_update_status: b('client_update_status', () => withResource(null)),
    client_list: b('client_list', (a) => withResource(toStarlark({ apiVersion: fields(a[0]).apiVersion ?? '', kind: `${String(fields(a[0]).kind)}List`, items: [] }))),
    client_get: b('client_get', (a) => withResource(readyObject(fields(a[2]).apiVersion, fields(a[2]).kind, strArg(a[0], 'client_get'), strArg(a[1], 'client_get')))),
    get_resource: b('get_resource', (a) => withResource(toStarlark({ apiVersion: strArg(a[0], 'get_resource'), kind: strArg(a[1], 'get_resource') }))),
    add_finalizer: b('add_finalizer', (a) => withResource(a[0])),
    del_finalizer: b('del_finalizer', (a) => withResource(a[0])),
    is_conditionready: b('is_condition_ready', (a) => {
      const conditions = ((fields(a[0]).status as JsonObject | undefined)?.conditions ?? []) as JsonObject[];
      return conditions.some((c) => c.type === a[1] && c.status === 'True');
    }),
    get_address: b('get_address', (a) => strArg(a[0], 'get_address').split('/')[0]),
    get_prefixlength: b('get_prefixlength', (a) => {
      const [addr, len] = strArg(a[0], 'get_prefixlength').split('/');
      return len === undefined ? (addr.includes(':') ? 128 : 32) : Number(len);
    }),
    get_subnetname: b('get_subnetname', (a) => strArg(a[0], 'get_subnetname').replace('/', '-').replaceAll(':', '-')),
    isIPv4: b('isIPv4', (a) => !strArg(a[0], 'isIPv4').includes(':')),
    isIPv6: b('isIPv6', (a) => strArg(a[0], 'isIPv6').includes(':')),
    is_ipv4: b('is_ipv4', (a) => !strArg(a[0], 'is_ipv4').includes(':')),
    is_ipv6: b('is_ipv6', (a) => strArg(a[0], 'is_ipv6').includes(':')),
  };
}

/** Synthetic objects for kinds the examples use but have no in/ sample of (shaped like the CRDs). */
const SYNTHETIC: JsonObject[] = [
  {
    apiVersion: 'device.network.kubenet.dev/v1alpha1',
    kind: 'SubInterface',
    metadata: { name: 'kubenet.region1.us-east.node1.1.0.e1-1.0', namespace: 'default' },
    spec: {
      partition: 'kubenet', region: 'region1', site: 'us-east', node: 'node1', port: 1, endpoint: 0, name: 'e1-1', id: 0,
      ipv4: { addresses: ['10.0.0.1/31'] }, ipv6: { addresses: ['1000::1/127'] },
      peer: { partition: 'kubenet', region: 'region1', site: 'us-east', node: 'node2', port: 1, endpoint: 0, name: 'e1-1', ipv4: { addresses: ['10.0.0.0/31'] } },
    },
  },
  {
    apiVersion: 'device.network.kubenet.dev/v1alpha1',
    kind: 'Interface',
    metadata: { name: 'kubenet.region1.us-east.node1.1.0.e1-1', namespace: 'default' },
    spec: { partition: 'kubenet', region: 'region1', site: 'us-east', node: 'node1', port: 1, endpoint: 0, name: 'e1-1' },
  },
];

/** Objects a library is about: in/ files named `<group>.<plural>.*` match library `<group>.<plural>.star`. */
function objectsFor(libName: string, example: Example): JsonObject[] {
  const base = libName.replace(/\.star$/, '');
  const matching = example.objects.filter((o) => o.file.startsWith(base + '.')).map((o) => o.obj);
  if (matching.length) return matching;
  const [group, plural] = [base.slice(0, base.lastIndexOf('.')), base.slice(base.lastIndexOf('.') + 1)];
  const synthetic = SYNTHETIC.filter((o) => String(o.apiVersion).startsWith(group + '/') && `${String(o.kind).toLowerCase()}s` === plural);
  if (synthetic.length) return synthetic;
  return [...example.objects.map((o) => o.obj), ...SYNTHETIC];
}

/**
 * A value for a parameter, chosen by its name (the corpus names parameters consistently). Objects convert as
 * the Go host does (numbers become floats); the other arguments come from Starlark code, so ints stay ints.
 */
function argumentFor(param: string, obj: JsonObject): { json: Json; value: Value } {
  const metadata = (obj.metadata ?? {}) as JsonObject;
  const spec = (obj.spec ?? {}) as JsonObject;
  const nodeID = { partition: 'kubenet', region: 'region1', site: 'us-east', node: 'node1' };
  const table: Record<string, Json> = {
    name: String(metadata.name ?? 'sample'),
    namespace: String(metadata.namespace ?? 'default'),
    spec,
    msg: 'hello',
    finalizer: 'example.com/finalizer',
    finalizers: ['example.com/a'],
    af: 'ipv4',
    idx: 0,
    partition: 'kubenet',
    region: 'region1',
    site: 'us-east',
    node: 'node1',
    port: '1',
    endpoint: '0',
    nodeID,
    epID: { ...nodeID, port: '1', endpoint: '0', name: 'e1-1' },
    prefix: { prefix: '10.0.0.0/24', prefixType: 'pool', labels: {} },
    parentName: 'parent',
    ipindexName: 'kubenet.default',
    ipPrefixType: 'pool',
    labels: {},
  };
  if (param in table) return { json: table[param], value: toStarlark(table[param], { intsStayInt: param !== 'spec' }) };
  return { json: obj, value: toStarlark(obj) };
}

/** Result shapes by function-name convention; everything must at least convert to JSON-like data. */
function shapeProblem(fn: string, params: string[], result: Json, args: Json[]): string | undefined {
  const isObject = (v: Json): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (/^get(Name|Namespace|Partition|Provider|PlatformType|InterfaceName|GreetingMsg|PrefixPrefix|PrefixType)$|^gen\w+String$/.test(fn) && typeof result !== 'string') return `want a string, got ${JSON.stringify(result)}`;
  if (/^get(Spec|spec|Status|Metadata|Labels|Annotations|NodeID|LocalNodeID|PeerNodeID|EPID|Peer|LocalAF|PeerAF|InterfaceSpec|EndpointID|EnabledAFs)$|Keys$/.test(fn) && !isObject(result)) return `want a dict, got ${JSON.stringify(result)}`;
  if (/^get(Finalizers|Prefixes|LocalAddresses|PeerAddresses|IPIndexIPClaims)$/.test(fn) && !Array.isArray(result)) return `want a list, got ${JSON.stringify(result)}`;
  // Lookups through the host return (value, error) with exactly one of them None.
  if (/^get\w+(Instance|ClaimedAddress)$/.test(fn)) {
    if (!Array.isArray(result) || result.length !== 2 || (result[0] === null) === (result[1] === null)) return `want a (value, error) tuple, got ${JSON.stringify(result)}`;
  }
  // Constructors get<Kind>(name, namespace, spec) build a KRM object with that name.
  if (params.join(',') === 'name,namespace,spec') {
    if (!isObject(result) || typeof result.apiVersion !== 'string' || typeof result.kind !== 'string') return `want a KRM object, got ${JSON.stringify(result)}`;
    if ((result.metadata as JsonObject | undefined)?.name !== args[0]) return `metadata.name is not the name passed in: ${JSON.stringify(result.metadata)}`;
  }
  return undefined;
}

/** Like fromStarlark, but a top-level tuple (the corpus returns `value, err` pairs) becomes an array. */
function toJsonish(v: Value): Json {
  return v instanceof Tuple ? v.elems.map((e) => fromStarlark(e)) : fromStarlark(v);
}

function resolveProblem(file: StarFile, mode: 'library' | 'reconciler'): string | undefined {
  try {
    resolve(parse(file.name, file.source), { predeclared: CHOREO_BUILTINS });
    return undefined;
  } catch (err) {
    const text = err instanceof StarlarkError ? err.format() : String(err);
    return `${mode} ${file.origin}: ${text}`;
  }
}

describe('Choreo example code', () => {
  it.skipIf(!haveExamples)('has examples to check (skipped only when ../shared is absent)', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    expect(examples.flatMap((e) => e.codeSets).reduce((n, c) => n + c.libraries.size + c.reconcilers.length, 0)).toBeGreaterThan(40);
  });

  for (const example of examples) {
    for (const set of example.codeSets) {
      it(`resolves every library and reconciler of ${set.label}`, () => {
        const problems = [
          ...[...set.libraries.values()].map((f) => resolveProblem(f, 'library')),
          ...set.reconcilers.map((f) => resolveProblem(f, 'reconciler')),
        ].filter((p): p is string => p !== undefined);
        expect(problems).toEqual([]);
      });

      // Reconciler-only examples (hello-world) have no library functions to run.
      if (set.libraries.size > 0) it(`runs every library function of ${set.label} on sample objects`, () => {
        const samples = [...example.objects.map((o) => o.obj), ...SYNTHETIC];
        const predeclared = hostBuiltins(samples);
        const cache = new Map<string, Module>();
        const load = (module: string): Module => {
          const cached = cache.get(module);
          if (cached) return cached;
          const lib = set.libraries.get(module);
          if (!lib) throw new StarlarkError('runtime', `module ${module} not found in library`);
          const m = execFile(module, lib.source, { predeclared, load });
          cache.set(module, m);
          return m;
        };
        const problems: string[] = [];
        let calls = 0;
        let functions = 0;
        for (const lib of set.libraries.values()) {
          let module: Module;
          try {
            module = load(lib.name);
          } catch (err) {
            problems.push(`${lib.origin}: loading failed: ${err instanceof StarlarkError ? err.format() : String(err)}`);
            continue;
          }
          for (const [fname, fn] of module.globals) {
            // Functions loaded from other libraries are checked with their own library.
            if (!(fn instanceof StarlarkFunction) || fn.module.name !== lib.name) continue;
            const params = fn.code.paramNames.slice(0, fn.code.numParams);
            functions++;
            for (const obj of objectsFor(lib.name, example)) {
              const args = params.map((p) => argumentFor(p, obj));
              const argJson = args.map((a) => a.json);
              calls++;
              try {
                const thread = new Thread({ name: 'example', load });
                const result = toJsonish(call(thread, fn, args.map((a) => a.value)));
                const shape = shapeProblem(fname, params, result, argJson);
                if (shape) problems.push(`${lib.origin}: ${fname}(${params.join(', ')}): ${shape}`);
              } catch (err) {
                problems.push(`${lib.origin}: ${fname}(${params.join(', ')}) on ${String((obj as JsonObject).kind)}: ${err instanceof StarlarkError ? err.format() : String(err)}`);
              }
            }
          }
        }
        console.log(`${set.label}: ${functions} library functions, ${calls} calls`);
        expect(calls).toBeGreaterThan(0);
        expect(problems).toEqual([]);
      });
    }
  }
});
