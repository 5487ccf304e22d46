// A copy of a kubenet project (../shared/conformance/kubenet/combined) scaled to FACTOR times its nodes:
// every Topology's nodes and links are repeated FACTOR times, the k-th copy's nodes renamed `<name>-<k>`
// (the first copy keeps the original names), so every node, its links, interfaces, claims, BGP and
// routing objects are derived FACTOR times by the project's own reconcilers. The copy leaves out db/
// (Go's store) and .choreo/ (our run state): it starts clean.
//   node bin/run-ts.mjs bench/kubenet-scale.ts SOURCE DEST FACTOR
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlDocuments, toYaml } from '../src-main/engine/index.js';

export interface TopologySpec {
  nodes?: { name: string; [k: string]: unknown }[];
  links?: { endpoints?: { node?: string; [k: string]: unknown }[]; [k: string]: unknown }[];
  [k: string]: unknown;
}

export interface ScaleResult {
  topologies: number;
  nodes: number;
}

/** The spec of a Topology with its nodes and links repeated `factor` times. */
export function scaleTopology(spec: TopologySpec, factor: number): TopologySpec {
  const rename = (name: string, k: number) => (k === 0 ? name : `${name}-${k}`);
  const nodes: NonNullable<TopologySpec['nodes']> = [];
  const links: NonNullable<TopologySpec['links']> = [];
  for (let k = 0; k < factor; k++) {
    for (const n of spec.nodes ?? []) nodes.push({ ...n, name: rename(n.name, k) });
    for (const l of spec.links ?? []) links.push({ ...l, endpoints: (l.endpoints ?? []).map((e) => (e.node ? { ...e, node: rename(e.node, k) } : e)) });
  }
  return { ...spec, nodes, links };
}

/** Scales every Topology in the `in/` files of the project `dir` in place (factor 1 leaves the files as they are). */
export function scaleInputs(dir: string, factor: number): ScaleResult {
  const result: ScaleResult = { topologies: 0, nodes: 0 };
  const inDir = path.join(dir, 'in');
  for (const f of readdirSync(inDir).filter((n) => /\.ya?ml$/.test(n))) {
    const file = path.join(inDir, f);
    const docs = parseYamlDocuments(readFileSync(file, 'utf8'), file).map((d) => d.value as { kind?: string; spec?: TopologySpec });
    if (!docs.some((o) => o.kind === 'Topology')) continue;
    const out = docs.map((o) => {
      if (o.kind !== 'Topology') return o;
      const spec = scaleTopology(o.spec ?? {}, factor);
      result.topologies++;
      result.nodes += spec.nodes?.length ?? 0;
      return { ...o, spec };
    });
    if (factor !== 1) writeFileSync(file, out.map((o) => toYaml(o)).join('---\n'));
  }
  return result;
}

/** Copies the project `source` to `dest` without db/ and .choreo/, then scales its inputs. */
export function scaleKubenet(source: string, dest: string, factor: number): ScaleResult {
  cpSync(source, dest, { recursive: true, filter: (src) => !['db', '.choreo'].includes(path.relative(source, src).split(path.sep)[0]!) });
  return scaleInputs(dest, factor);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [source, dest, factor] = process.argv.slice(2);
  if (!source || !dest || !Number.isInteger(Number(factor)) || Number(factor) < 1) {
    console.error('usage: node bin/run-ts.mjs bench/kubenet-scale.ts SOURCE DEST FACTOR   (FACTOR: a whole number ≥ 1)');
    process.exit(2);
  }
  const r = scaleKubenet(source, dest, Number(factor));
  console.log(`${dest}: ${r.topologies} topology, ${r.nodes} nodes`);
}
