// The Starlark language service on the kubenet project (a temp copy of ../shared/conformance/kubenet/combined,
// loaded with load("<lib>.star", ...) from libs/) and on small projects written here: hover, definition and
// references across load(), completion (names, loaded symbols, methods, KRM keys from the CRDs, load()
// modules and names), signature help, rename within the project, the outline, and text that does not parse.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import { diskFs, memoryFs } from '../loader/source-fs.js';
import { check } from '../starlark/index.js';
import { METHOD_SIGNATURES } from '../starlark/signatures.js';
import { parseYamlDocuments } from '../yaml/documents.js';
import { haveSharedKubenet, sharedKubenetDir, tempProjects } from '../../testing/temp-projects.js';
import { loadLanguageProject, type LanguageProject } from './project.js';
import { LanguageService } from './service.js';
import { isPredeclared } from './workspace.js';

/** The editor position of the `nth` occurrence of `needle` in `text`, `offset` characters into it. */
function at(text: string, needle: string, offset = 0, nth = 0): { line: number; col: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let c = lines[i]!.indexOf(needle); c >= 0; c = lines[i]!.indexOf(needle, c + 1)) {
      if (seen++ === nth) return { line: i + 1, col: c + 1 + offset };
    }
  }
  throw new Error(`"${needle}" (#${nth}) is not in the text`);
}

/** The position just after `needle` (where the cursor is when the user has typed it). */
function after(text: string, needle: string, nth = 0): { line: number; col: number } {
  return at(text, needle, needle.length, nth);
}

/** Applies a rename's edits to file texts (edits of one file applied from the last to the first). */
function applyEdits(files: Map<string, string>, edits: { file: string; edits: { line: number; col: number; endLine: number; endCol: number; text: string }[] }[]): Map<string, string> {
  const out = new Map(files);
  for (const f of edits) {
    const lines = out.get(f.file)!.split('\n');
    for (const e of [...f.edits].sort((a, b) => b.line - a.line || b.col - a.col)) {
      expect(e.line).toBe(e.endLine);
      const l = lines[e.line - 1]!;
      lines[e.line - 1] = l.slice(0, e.col - 1) + e.text + l.slice(e.endCol - 1);
    }
    out.set(f.file, lines.join('\n'));
  }
  return out;
}

describe.skipIf(!haveSharedKubenet)('language service on kubenet (combined)', () => {
  const projects = tempProjects('language-service-');
  let dir: string;
  let project: LanguageProject;
  const svc = new LanguageService();
  const REC = 'reconcilers/infra.kuid.dev.nodes.bgp.star';
  const NODES_LIB = 'libs/infra.kuid.dev.nodes.star';
  let text: string;

  beforeAll(async () => {
    dir = projects.copyOf(path.join(sharedKubenetDir, 'combined'), { without: ['db'] });
    project = await loadLanguageProject(diskFs(dir));
    text = project.files.get(REC)!.text;
  });
  afterAll(() => projects.cleanup());

  it('reads the project as the runner does: reconcilers with their for-kinds, libraries by module name, CRDs', () => {
    expect(project.profile).toBe('A');
    expect(project.folders.apis).toBe('apis');
    expect(project.reconcilers).toHaveLength(readdirSync(path.join(dir, 'reconcilers')).filter((f) => f.endsWith('.yaml')).length);
    expect(project.modules.get('api.k8s.io.object.star')).toBe('libs/api.k8s.io.object.star');
    expect(project.reconcilers.find((r) => r.name === 'infra.kuid.dev.nodes.bgp')?.for).toEqual({ group: 'infra.kuid.dev', version: 'v1alpha1', kind: 'Node' });
    expect(project.crds.length).toBe(readdirSync(path.join(dir, 'apis')).length);
    expect(project.problems).toEqual([]);
  });

  it('hovers a host builtin with its signature and the doc of the shared table', () => {
    const h = svc.hover(project, { file: REC, text, ...at(text, 'client_create(') })!;
    expect(h.markdown).toContain('client_create(obj: dict) -> rsp dict');
    expect(h.markdown).toContain(HOST_BUILTIN_SIGNATURES.client_create![0]!.doc.split('\n')[0]);
    expect(h.range).toEqual({ ...at(text, 'client_create('), endLine: at(text, 'client_create(').line, endCol: at(text, 'client_create(').col + 'client_create'.length });
  });

  it('hovers both forms of reconcile_result, a universe builtin and a constant', () => {
    expect(svc.hover(project, { file: REC, text, ...at(text, 'reconcile_result(') })!.markdown).toMatch(/Form 1.*6 arguments[\s\S]*Form 2.*5 arguments/);
    const lib = project.files.get(NODES_LIB)!.text;
    expect(svc.hover(project, { file: NODES_LIB, text: lib, ...at(lib, 'self.get') })!.markdown).toContain('(parameter) self: Node (infra.kuid.dev/v1alpha1)');
    const none = svc.hover(project, { file: REC, text, ...at(text, 'None') })!;
    expect(none.markdown).toContain('None: NoneType');
  });

  it('hovers a load()ed function with its header and the library it comes from', () => {
    const h = svc.hover(project, { file: REC, text, ...at(text, 'getNamespace(self)', 2) })!;
    expect(h.markdown).toContain('def getNamespace(self)');
    expect(h.markdown).toContain('Loaded from* `libs/api.k8s.io.object.star:');
  });

  it("hovers the reconciler's object with its kind, and a variable typed through library calls", () => {
    expect(svc.hover(project, { file: REC, text, ...at(text, 'def reconcile(self)', 'def reconcile('.length + 1) })!.markdown).toContain('(parameter) self: Node (infra.kuid.dev/v1alpha1)');
    expect(svc.hover(project, { file: REC, text, ...at(text, 'partition = getPartition', 1) })!.markdown).toContain('partition: Node.spec.partition: string');
  });

  it('goes to a definition across load(): a used name, a quoted name, an alias, the module string', () => {
    const libText = project.files.get(NODES_LIB)!.text;
    const defLine = at(libText, 'def getPartition(').line;
    const want = [{ file: NODES_LIB, line: defLine, col: 5, endLine: defLine, endCol: 5 + 'getPartition'.length }];
    expect(svc.definition(project, { file: REC, text, ...at(text, 'getPartition(self)', 1) })).toEqual(want);
    expect(svc.definition(project, { file: REC, text, ...at(text, '"getPartition"', 2) })).toEqual(want);
    const bgps = project.files.get('libs/device.network.kubenet.dev.bgps.star')!.text;
    const bgpLine = at(bgps, 'def getBGP(').line;
    expect(svc.definition(project, { file: REC, text, ...at(text, 'getNetworkBGP(name', 1) })).toEqual([
      { file: 'libs/device.network.kubenet.dev.bgps.star', line: bgpLine, col: 5, endLine: bgpLine, endCol: 11 },
    ]);
    expect(svc.definition(project, { file: REC, text, ...at(text, '"infra.kuid.dev.nodes.star"', 3) })).toEqual([{ file: NODES_LIB, line: 1, col: 1, endLine: 1, endCol: 1 }]);
    expect(svc.definition(project, { file: REC, text, ...at(text, 'client_apply') })).toEqual([]);
  });

  it('finds every reference of a library function across the project (as many as a word search finds)', () => {
    const refs = svc.references(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), includeDeclaration: true });
    let words = 0;
    for (const [, f] of project.files) words += (f.text.match(/\bgetNamespace\b/g) ?? []).length;
    expect(refs.length).toBe(words);
    expect(new Set(refs.map((r) => r.file)).size).toBeGreaterThan(10);
    expect(refs.some((r) => r.file === 'libs/api.k8s.io.object.star')).toBe(true);
    const withoutDecl = svc.references(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), includeDeclaration: false });
    expect(withoutDecl.length).toBe(words - 1);
  });

  it("completes a KRM object's keys from its CRD: self[\"spec\"][\" lists Node's spec properties", () => {
    const crd = parseYamlDocuments(readFileSync(path.join(dir, 'apis/infra.kuid.dev_nodes.yaml'), 'utf8'), 'nodes')[0]!.value as any;
    const specProps = Object.keys(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties).sort();
    const typed = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  x = self["spec"]["\n');
    const c = svc.completion(project, { file: REC, text: typed, ...after(typed, 'self["spec"]["') });
    expect(c.items.map((i) => i.label).sort()).toEqual(specProps);
    expect(c.items.every((i) => i.kind === 'field')).toBe(true);
    const withGet = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  x = self.get("spec", {}).get("pl\n');
    const g = svc.completion(project, { file: REC, text: withGet, ...after(withGet, '.get("pl') });
    expect(g.items.map((i) => i.label)).toEqual(['platformType']);
    expect(g.range.col).toBe(after(withGet, '.get("', 1).col);
  });

  it("completes a client_get result's keys and the object it holds", () => {
    const typed = text.replace(
      '  partition = getPartition(self)\n',
      '  partition = getPartition(self)\n  rsp = client_get("x", namespace, {"apiVersion": "core.network.kubenet.dev/v1alpha1", "kind": "NetworkDesign"})\n  rsp["\n',
    );
    expect(svc.completion(project, { file: REC, text: typed, ...after(typed, '  rsp["') }).items.map((i) => i.label)).toEqual(['fatal', 'error', 'resource']);
    const deeper = typed.replace('  rsp["\n', '  rsp["resource"]["\n');
    expect(svc.completion(project, { file: REC, text: deeper, ...after(deeper, 'rsp["resource"]["') }).items.map((i) => i.label)).toEqual(
      expect.arrayContaining(['apiVersion', 'kind', 'metadata', 'spec', 'status']),
    );
  });

  it('completes the methods of the type it knows, and names in scope with loaded symbols and builtins', () => {
    const typed = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  partition.st\n');
    const m = svc.completion(project, { file: REC, text: typed, ...after(typed, 'partition.st') });
    expect(m.items.map((i) => i.label).sort()).toEqual(Object.keys(METHOD_SIGNATURES.string).filter((n) => n.includes('st')).sort());
    const names = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  \n');
    const n = svc.completion(project, { file: REC, text: names, line: at(names, 'partition = getPartition').line + 1, col: 3 }).items;
    const labels = n.map((i) => i.label);
    for (const want of ['self', 'partition', 'namespace', 'getNamespace', 'getNetworkBGP', 'finalizer', 'client_get', 'reconcile_result', 'len', 'None', 'return']) expect(labels).toContain(want);
    expect(n.find((i) => i.label === 'getNamespace')?.detail).toContain('libs/api.k8s.io.object.star');
  });

  it('completes modules in load(" and their exported names in load("module", "', () => {
    const mod = 'load("inf\n' + text;
    const c = svc.completion(project, { file: REC, text: mod, ...after(mod, 'load("inf') });
    expect(c.items.map((i) => i.label).sort()).toEqual(['infra.kuid.dev.adaptors.star', 'infra.kuid.dev.endpoints.star', 'infra.kuid.dev.links.star', 'infra.kuid.dev.nodes.star', 'infra.kuid.dev.ports.star']);
    const names = 'load("api.k8s.io.object.star", "getN\n' + text;
    const n = svc.completion(project, { file: REC, text: names, ...after(names, '"getN') });
    expect(n.items.map((i) => i.label)).toEqual(expect.arrayContaining(['getName', 'getNamespace']));
  });

  it('helps with signatures: builtins, methods, project functions and both forms of reconcile_result', () => {
    const typed = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  client_get("a", \n');
    const h = svc.signatureHelp(project, { file: REC, text: typed, ...after(typed, 'client_get("a", ') })!;
    expect(h.signatures[0]!.label).toBe('client_get(name: string, namespace: string, obj: dict)');
    expect(h.activeParameter).toBe(1);
    const rr = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  reconcile_result(self, True, 0, conditionType, \n');
    const r = svc.signatureHelp(project, { file: REC, text: rr, ...after(rr, 'conditionType, ') })!;
    expect(r.signatures).toHaveLength(2);
    expect(r.signatures[r.activeSignature]!.parameters.map((p) => p.label)).toEqual(['obj: dict', 'requeue: bool', 'requeueAfter: int', 'conditionType: string', 'msg: string', 'fatal: bool']);
    expect(r.activeParameter).toBe(4);
    const own = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  getBGP(self, \n');
    const o = svc.signatureHelp(project, { file: REC, text: own, ...after(own, 'getBGP(self, ') })!;
    expect(o.signatures[0]!.label).toBe('getBGP(self, networkDesign)');
    expect(o.activeParameter).toBe(1);
    // A one-line string left open on an earlier line (typed `x["` and moved on) ends at its line: the call
    // typed below still gets its signature.
    const open = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  x = self["spec"]["\n  client_get("a", \n');
    expect(svc.signatureHelp(project, { file: REC, text: open, ...after(open, 'client_get("a", ') })!.activeParameter).toBe(1);
    const method = text.replace('  partition = getPartition(self)\n', '  partition = getPartition(self)\n  partition.split(\n');
    expect(svc.signatureHelp(project, { file: REC, text: method, ...after(method, 'partition.split(') })!.signatures[0]!.label).toBe('string.split(sep = None, maxsplit = -1)');
  });

  it('renames a library function in the library, in every load() and in the files that use it; every file still resolves', () => {
    const files = new Map([...project.files].map(([p, f]) => [p, f.text] as const));
    const before = [...files.values()].reduce((n, t) => n + (t.match(/\bgetNamespace\b/g) ?? []).length, 0);
    const edits = svc.rename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), newName: 'getNs' });
    const renamed = applyEdits(files, edits);
    const all = [...renamed.values()].join('\n');
    expect(all).not.toMatch(/\bgetNamespace\b/);
    expect((all.match(/\bgetNs\b/g) ?? []).length).toBe(before);
    for (const [p, t] of renamed) expect(check(p, t, { predeclared: isPredeclared }), p).toEqual([]);
  });

  it('renames an alias only where the file uses it, and a local only in its function', () => {
    const alias = svc.rename(project, { file: REC, text, ...at(text, 'getNetworkBGP(name', 1), newName: 'makeBGP' });
    expect(alias.map((f) => f.file)).toEqual([REC]);
    const after1 = applyEdits(new Map([[REC, text]]), alias).get(REC)!;
    expect(after1).toContain('load("device.network.kubenet.dev.bgps.star", makeBGP="getBGP")');
    expect(after1).toContain('return makeBGP(name, namespace, spec), None');
    const local = svc.rename(project, { file: REC, text, ...at(text, 'nodeID = getNodeID(self)', 0, 1), newName: 'nid' });
    expect(local).toHaveLength(1);
    const getBGPStart = at(text, 'def getBGP(').line;
    const getBGPEnd = at(text, 'def getBGPAS(').line;
    for (const e of local[0]!.edits) {
      expect(e.line).toBeGreaterThan(getBGPStart);
      expect(e.line).toBeLessThan(getBGPEnd);
    }
  });

  it('refuses renames that cannot be done, saying why', () => {
    expect(svc.prepareRename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1) })).toMatchObject({ placeholder: 'getNamespace' });
    expect(() => svc.prepareRename(project, { file: REC, text, ...at(text, 'client_create') })).toThrow(/host builtin/);
    expect(() => svc.rename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), newName: '2x' })).toThrow(/not a Starlark name/);
    expect(() => svc.rename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), newName: 'for' })).toThrow(/keyword/);
    expect(() => svc.rename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), newName: 'getName' })).toThrow(/already defined/);
    // a library global that other files load would stop being exported under a name starting with _
    expect(() => svc.rename(project, { file: REC, text, ...at(text, 'getNamespace(self)', 1), newName: '_getNs' })).toThrow(/starts with _, so .+ would no longer export it/);
    expect(() => svc.rename(project, { file: REC, text, ...at(text, 'namespace = getNamespace', 0, 0), newName: 'partition' })).toThrow(/already defined/);
  });

  it('outlines a reconciler: its loads, constants and functions with their lines', () => {
    const symbols = svc.symbols(project, { file: REC, text });
    expect(symbols.filter((s) => s.kind === 'module').map((s) => s.name)).toEqual(text.split('\n').filter((l) => l.startsWith('load(')).map((l) => /load\("([^"]+)"/.exec(l)![1]));
    expect(symbols.filter((s) => s.kind !== 'module').map((s) => `${s.kind} ${s.name}`)).toEqual([
      'constant finalizer',
      'constant conditionType',
      'function reconcile',
      'function getBGPDynamicNeighbor',
      'function getBGP',
      'function getBGPAS',
      'function getRouterID',
    ]);
    const reconcile = symbols.find((s) => s.name === 'reconcile')!;
    expect(reconcile.range.line).toBe(at(text, 'def reconcile').line);
    expect(reconcile.range.endLine).toBe(at(text, 'def getBGPDynamicNeighbor').line - 2);
    expect(reconcile.detail).toBe('(self)');
  });

  it('hovers every name of every kubenet file without an error', () => {
    for (const [file, f] of project.files) {
      const lines = f.text.split('\n');
      lines.forEach((l, i) => {
        for (const m of l.matchAll(/[A-Za-z_]\w*/g)) svc.hover(project, { file, text: f.text, line: i + 1, col: m.index! + 1 });
      });
    }
  });
});

describe('language service on text being typed and small projects', () => {
  const files = {
    'crds/example.com_widgets.yaml': [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.com}',
      'spec:',
      '  group: example.com',
      '  names: {kind: Widget, plural: widgets}',
      '  versions:',
      '  - name: v1',
      '    schema:',
      '      openAPIV3Schema:',
      '        type: object',
      '        properties:',
      '          spec:',
      '            type: object',
      '            properties:',
      '              size: {type: integer, description: How big the widget is.}',
      '              ports: {type: array, items: {type: object, properties: {name: {type: string}, number: {type: integer}}}}',
      '',
    ].join('\n'),
    'reconcilers/example.com.widgets.w.yaml': 'apiVersion: choreo.kform.dev/v1alpha1\nkind: Reconciler\nspec:\n  for: {group: example.com, version: v1, kind: Widget}\n',
    'reconcilers/example.com.widgets.w.star': [
      'load("helpers.star", "double", twice="double")',
      '',
      'def reconcile(self):',
      '  """Doubles the size."""',
      '  for port in self["spec"]["ports"]:',
      '    name = port["name"]',
      '  return reconcile_result(self, False, 0, "", False)',
      '',
    ].join('\n'),
    'libs/helpers.star': '# Doubles a number.\ndef double(x):\n  return x * 2\n\n_private = 1\n',
  };

  it('types a for loop over a CRD array and completes its items\' keys', async () => {
    const project = await loadLanguageProject(memoryFs(files));
    const svc = new LanguageService();
    const file = 'reconcilers/example.com.widgets.w.star';
    const text = files[file];
    expect(svc.hover(project, { file, text, ...at(text, 'port[') })!.markdown).toContain('(variable) port: Widget.spec.ports[]: object');
    expect(svc.hover(project, { file, text, ...at(text, '"name"') })!.markdown).toContain('Widget.spec.ports[].name: string');
    const typed = text.replace('    name = port["name"]', '    name = port["');
    expect(svc.completion(project, { file, text: typed, ...after(typed, 'port["') }).items.map((i) => i.label)).toEqual(['name', 'number']);
  });

  it('uses a comment above a def as its doc, and does not offer private names for load()', async () => {
    const project = await loadLanguageProject(memoryFs(files));
    const svc = new LanguageService();
    const file = 'reconcilers/example.com.widgets.w.star';
    const text = files[file];
    expect(svc.hover(project, { file, text, ...at(text, '"double"', 1) })!.markdown).toContain('Doubles a number.');
    const typed = 'load("helpers.star", "\n' + text;
    expect(svc.completion(project, { file, text: typed, ...after(typed, '"helpers.star", "') }).items.map((i) => i.label)).toEqual(['double']);
  });

  it('completes while the line being typed does not parse, and offers nothing in comments and other strings', async () => {
    const project = await loadLanguageProject(memoryFs(files));
    const svc = new LanguageService();
    const file = 'reconcilers/example.com.widgets.w.star';
    const broken = files[file].replace('    name = port["name"]', '    name = port["name"] +* (self.');
    const c = svc.completion(project, { file, text: broken, ...after(broken, '(self.') });
    expect(c.items.map((i) => i.label)).toEqual(Object.keys(METHOD_SIGNATURES.dict));
    const comment = files[file].replace('  """Doubles the size."""', '  # self.');
    expect(svc.completion(project, { file, text: comment, ...after(comment, '# self.') }).items).toEqual([]);
    const str = files[file].replace('"Doubles the size."', '"self.');
    expect(svc.completion(project, { file, text: str, ...after(str, '"self.') }).items).toEqual([]);
  });

  it('answers on a file with resolve errors, and on one that does not parse at all', async () => {
    const project = await loadLanguageProject(memoryFs(files));
    const svc = new LanguageService();
    const file = 'libs/helpers.star';
    const undefinedName = 'def double(x):\n  return x * y\n';
    expect(svc.hover(project, { file, text: undefinedName, ...at(undefinedName, 'x *') })!.markdown).toContain('(parameter) x');
    const garbage = 'def (((\n';
    expect(svc.hover(project, { file, text: garbage, line: 1, col: 2 })).toBeNull();
    expect(svc.symbols(project, { file, text: garbage })).toEqual([]);
  });
});
