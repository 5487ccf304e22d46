// Compares the objects of a run with a `db/` folder that upstream Choreo (Go) wrote for the same project
// (`db/<group>/<plural>/<name>.yaml`, one object per file): the oracle of the real-project conformance
// tests. Per object, spec, status conditions, finalizers and owner references (kind and name) must be
// identical; uids, timestamps (creationTimestamp, lastTransitionTime), resourceVersions and managedFields
// are not compared. The report names the first differing objects and fields, so a failing test says
// where to look.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KrmObject } from '../../src-shared/krm/object.js';
import { deepEqual, type ApiStore, parseYaml } from '../engine/index.js';

/** One differing field of one object. */
export interface FieldMismatch {
  /** `spec.as`, `status.conditions[Ready]`, `metadata.finalizers` … */
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface ObjectMismatch {
  key: string;
  fields: FieldMismatch[];
}

export interface OracleReport {
  /** Objects in the oracle. */
  total: number;
  /** Oracle objects that exist in the run with identical compared fields. */
  identical: number;
  /** Keys in the oracle but not in the run. */
  missing: string[];
  /** Keys in the run but not in the oracle. */
  extra: string[];
  mismatches: ObjectMismatch[];
}

/** `<group>/<Kind> <namespace>/<name>` (namespace empty for cluster-scoped objects). */
export function objectKey(o: KrmObject): string {
  const slash = o.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  return `${group}/${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
}

/** Every object of an upstream `db/` folder. */
export function readDbFolder(dbDir: string): KrmObject[] {
  const out: KrmObject[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push(parseYaml(readFileSync(p, 'utf8'), p) as KrmObject);
    }
  };
  walk(dbDir);
  return out;
}

/** Every object of a store, with all metadata. */
export function storeObjects(store: ApiStore, skip: (o: { group: string; kind: string }) => boolean = () => false): KrmObject[] {
  const out: KrmObject[] = [];
  for (const api of store.apis()) {
    if (skip(api)) continue;
    out.push(...store.list(api, { showManagedFields: true }));
  }
  return out;
}

/** A condition without its timestamp, keyed by type. */
function conditions(o: KrmObject): Map<string, unknown> {
  const list = (o.status as { conditions?: unknown } | undefined)?.conditions;
  const out = new Map<string, unknown>();
  if (!Array.isArray(list)) return out;
  for (const c of list) {
    if (!c || typeof c !== 'object') continue;
    const { lastTransitionTime: _t, ...rest } = c as Record<string, unknown>;
    out.set(String(rest.type), rest);
  }
  return out;
}

function owners(o: KrmObject): string[] {
  return (o.metadata.ownerReferences ?? []).map((r) => `${r.kind}/${r.name}${r.controller ? ' (controller)' : ''}`).sort();
}

/** The compared fields that differ between an oracle object and a run object. */
export function compareObject(expected: KrmObject, actual: KrmObject): FieldMismatch[] {
  const out: FieldMismatch[] = [];
  if (!deepEqual(expected.spec, actual.spec)) out.push(...specDiff('spec', expected.spec, actual.spec));
  const ec = conditions(expected);
  const ac = conditions(actual);
  for (const type of new Set([...ec.keys(), ...ac.keys()])) {
    if (!deepEqual(ec.get(type), ac.get(type))) out.push({ field: `status.conditions[${type}]`, expected: ec.get(type), actual: ac.get(type) });
  }
  const ef = [...(expected.metadata.finalizers ?? [])].sort();
  const af = [...(actual.metadata.finalizers ?? [])].sort();
  if (!deepEqual(ef, af)) out.push({ field: 'metadata.finalizers', expected: ef, actual: af });
  const eo = owners(expected);
  const ao = owners(actual);
  if (!deepEqual(eo, ao)) out.push({ field: 'metadata.ownerReferences', expected: eo, actual: ao });
  return out;
}

/** Leaf-level differences below `spec`, so a report says `spec.as: 65001 != 1` instead of two whole specs. */
function specDiff(at: string, e: unknown, a: unknown): FieldMismatch[] {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(e) && isMap(a)) {
    const out: FieldMismatch[] = [];
    for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
      if (!deepEqual(e[k], a[k])) out.push(...specDiff(`${at}.${k}`, e[k], a[k]));
    }
    return out;
  }
  if (Array.isArray(e) && Array.isArray(a) && e.length === a.length) {
    const out: FieldMismatch[] = [];
    e.forEach((v, i) => {
      if (!deepEqual(v, a[i])) out.push(...specDiff(`${at}[${i}]`, v, a[i]));
    });
    return out;
  }
  return [{ field: at, expected: e, actual: a }];
}

export function compareWithOracle(expected: KrmObject[], actual: KrmObject[]): OracleReport {
  const run = new Map(actual.map((o) => [objectKey(o), o]));
  const oracleKeys = new Set<string>();
  const report: OracleReport = { total: expected.length, identical: 0, missing: [], extra: [], mismatches: [] };
  for (const e of expected) {
    const key = objectKey(e);
    oracleKeys.add(key);
    const a = run.get(key);
    if (!a) {
      report.missing.push(key);
      continue;
    }
    const fields = compareObject(e, a);
    if (fields.length === 0) report.identical++;
    else report.mismatches.push({ key, fields });
  }
  for (const k of run.keys()) if (!oracleKeys.has(k)) report.extra.push(k);
  return report;
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

/** A readable report: the counts, then the first `limit` missing/extra objects and differing fields. */
export function formatOracleReport(r: OracleReport, limit = 20): string {
  const lines = [`${r.identical}/${r.total} objects identical; ${r.missing.length} missing, ${r.extra.length} extra, ${r.mismatches.length} differing`];
  for (const k of r.missing.slice(0, limit)) lines.push(`  missing: ${k}`);
  for (const k of r.extra.slice(0, limit)) lines.push(`  extra:   ${k}`);
  for (const m of r.mismatches.slice(0, limit)) {
    lines.push(`  differs: ${m.key}`);
    for (const f of m.fields.slice(0, 5)) lines.push(`    ${f.field}: expected ${show(f.expected)}, got ${show(f.actual)}`);
    if (m.fields.length > 5) lines.push(`    … ${m.fields.length - 5} more fields`);
  }
  return lines.join('\n');
}
