// KRM (Kubernetes Resource Model) object shapes and GVK helpers shared by the engine and the renderer.
// Pure data helpers: no Node imports, so the renderer can use them too.

/** A JSON value as stored in KRM objects (numbers are plain JS numbers). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** One entry of `metadata.managedFields` (FieldsV1 JSON encoding, see engine.md §3.6). */
export interface ManagedFieldsEntry {
  apiVersion: string;
  fieldsType: 'FieldsV1';
  fieldsV1: JsonObject;
  manager: string;
  operation: 'Apply' | 'Update';
  time: string;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: ManagedFieldsEntry[];
  [key: string]: unknown;
}

/** Any KRM object. `spec`/`status` are free JSON; everything else at the root is allowed by the type. */
export interface KrmObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

/** Identity of an object inside one API: namespace ('' for cluster-scoped) and name. */
export interface ObjectKey {
  namespace: string;
  name: string;
}

export const CHOREO_GROUP = 'choreo.kform.dev';
export const CHOREO_VERSION = 'v1alpha1';
export const CHOREO_API_VERSION = `${CHOREO_GROUP}/${CHOREO_VERSION}`;
export const CRD_GROUP = 'apiextensions.k8s.io';
export const CRD_API_VERSION = `${CRD_GROUP}/v1`;
export const ORIGIN_ANNOTATION = 'api.choreo.kform.dev/origin';
/** Value of the origin annotation for objects loaded from local files. */
export const ORIGIN_FILE = '{"kind":"File"}';

/** Splits `group/version` (or a core `version`) into its parts. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  if (i < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(gvk: { group: string; version: string }): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

export function gvkOf(obj: { apiVersion?: unknown; kind?: unknown }): GroupVersionKind {
  const { group, version } = parseApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  return { group, version, kind: typeof obj.kind === 'string' ? obj.kind : '' };
}

/** Go's `schema.GroupVersionKind.String()`: `example.com/v1alpha1, Kind=HelloWorld` (`/v1, Kind=X` for core). */
export function gvkString(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

/** A map key for a GVK. */
export function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/** A map key for an object inside all APIs: `group/version/Kind/namespace/name`. */
export function objectRefKey(obj: KrmObject): string {
  return `${obj.apiVersion}/${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;
}

export function sameGvk(a: GroupVersionKind, b: GroupVersionKind): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
