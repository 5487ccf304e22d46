// TypeMeta and ObjectMeta checks of create and update (engine.md §3.5 step 1–2), Kubernetes texts.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { goValue } from './validate.js';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}

/** Label/annotation key or finalizer syntax: `[prefix/]name`, name ≤ 63 chars. */
function qualifiedNameErrors(path: string, key: string, errs: string[]): void {
  const i = key.lastIndexOf('/');
  const prefix = i >= 0 ? key.slice(0, i) : '';
  const name = i >= 0 ? key.slice(i + 1) : key;
  if (i >= 0 && (prefix === '' || !isDns1123Subdomain(prefix))) {
    errs.push(`${path}: Invalid value: ${goValue(key)}: prefix part ${SUBDOMAIN_MSG}`);
  }
  if (name.length === 0) errs.push(`${path}: Invalid value: ${goValue(key)}: name part must be non-empty`);
  else if (name.length > 63) errs.push(`${path}: Invalid value: ${goValue(key)}: name part must be no more than 63 characters`);
  else if (!QUALIFIED_NAME.test(name))
    errs.push(
      `${path}: Invalid value: ${goValue(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    );
}

export interface MetaContext {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
}

/** TypeMeta + ObjectMeta checks common to create and update. */
export function validateMeta(obj: KrmObject, ctx: MetaContext, errs: string[]): void {
  const apiVersion = ctx.group ? `${ctx.group}/${ctx.version}` : ctx.version;
  if (obj.kind !== ctx.kind) errs.push(`kind: Invalid value: ${goValue(obj.kind ?? '')}: must be ${ctx.kind}`);
  if (obj.apiVersion !== apiVersion) errs.push(`apiVersion: Invalid value: ${goValue(obj.apiVersion ?? '')}: must be ${apiVersion}`);
  const m = obj.metadata;
  if (!m || typeof m !== 'object') {
    errs.push('metadata.name: Required value: name or generateName is required');
    return;
  }
  const name = m.name;
  if (typeof name !== 'string' || name === '') errs.push('metadata.name: Required value: name or generateName is required');
  else if (!isDns1123Subdomain(name)) errs.push(`metadata.name: Invalid value: ${goValue(name)}: ${SUBDOMAIN_MSG}`);
  if (ctx.namespaced) {
    if (!m.namespace) errs.push('metadata.namespace: Required value');
  } else if (m.namespace) errs.push('metadata.namespace: Forbidden: not allowed on this type');
  for (const field of ['labels', 'annotations'] as const) {
    const v = m[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) {
      errs.push(`metadata.${field}: Invalid value: ${goValue(v)}: must be a map of strings`);
      continue;
    }
    for (const [k, val] of Object.entries(v)) {
      qualifiedNameErrors(`metadata.${field}`, k, errs);
      if (typeof val !== 'string') errs.push(`metadata.${field}[${k}]: Invalid value: ${goValue(val)}: must be a string`);
      else if (field === 'labels' && (val.length > 63 || !LABEL_VALUE.test(val))) {
        errs.push(
          `metadata.labels: Invalid value: ${goValue(val)}: ${val.length > 63 ? 'must be no more than 63 characters' : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"}`,
        );
      }
    }
  }
  if (m.finalizers !== undefined && m.finalizers !== null) {
    if (!Array.isArray(m.finalizers)) errs.push(`metadata.finalizers: Invalid value: ${goValue(m.finalizers)}: must be a list of strings`);
    else m.finalizers.forEach((f, i) => (typeof f === 'string' ? qualifiedNameErrors(`metadata.finalizers[${i}]`, f, errs) : errs.push(`metadata.finalizers[${i}]: Invalid value: ${goValue(f)}: must be a string`)));
  }
  if (m.ownerReferences !== undefined && m.ownerReferences !== null) {
    if (!Array.isArray(m.ownerReferences)) errs.push('metadata.ownerReferences: Invalid value: must be a list');
    else {
      let controllers = 0;
      m.ownerReferences.forEach((r, i) => {
        const p = `metadata.ownerReferences[${i}]`;
        if (!r || typeof r !== 'object') return void errs.push(`${p}: Invalid value: ${goValue(r)}: must be an object`);
        if (!r.apiVersion) errs.push(`${p}.apiVersion: Invalid value: "": version must not be empty`);
        if (!r.kind) errs.push(`${p}.kind: Invalid value: "": kind must not be empty`);
        if (!r.name) errs.push(`${p}.name: Invalid value: "": name must not be empty`);
        if (!r.uid) errs.push(`${p}.uid: Invalid value: "": uid must not be empty`);
        if (r.controller === true) controllers++;
      });
      if (controllers > 1) errs.push('metadata.ownerReferences: Invalid value: []v1.OwnerReference{…}: Only one reference can have Controller set to true');
    }
  }
}

/** Additional ObjectMeta rules of an update (immutable fields, generation, finalizers while deleting). */
export function validateMetaUpdate(next: KrmObject, live: KrmObject, errs: string[]): void {
  const n = next.metadata;
  const l = live.metadata;
  for (const f of ['name', 'namespace', 'uid', 'creationTimestamp'] as const) {
    if ((n[f] ?? '') !== (l[f] ?? '')) errs.push(`metadata.${f}: Invalid value: ${goValue(n[f] ?? '')}: field is immutable`);
  }
  if (n.resourceVersion === undefined || n.resourceVersion === '')
    errs.push('metadata.resourceVersion: Invalid value: "": must be specified for an update');
  if ((n.generation ?? 0) < (l.generation ?? 0))
    errs.push(`metadata.generation: Invalid value: ${n.generation ?? 0}: must not be decremented`);
  if (l.deletionTimestamp) {
    const old = new Set(l.finalizers ?? []);
    const added = (n.finalizers ?? []).filter((f) => !old.has(f));
    if (added.length > 0)
      errs.push(`metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((a) => JSON.stringify(a)).join(', ')}}`);
  }
}
