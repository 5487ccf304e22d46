// The key layout of the etcd store, kube-apiserver's (storage/etcd3, registry/generic):
//   <prefix>/<group>/<plural>/<namespace>/<name>     a namespaced object (prefix default /registry)
//   <prefix>/<group>/<plural>/<name>                 a cluster-scoped one
//   <prefix>/<plural>/…                              the core group (no group segment)
// Values are the objects as JSON, without metadata.resourceVersion: an object's resourceVersion is the
// key's mod revision (filled in on read, as kube-apiserver's versioner does). Choreo's own keys live
// beside them under the group we own, `choreo.studio`, which no project uses:
//   <prefix>/choreo.studio/apis/<group>/<Kind>         the API registrations ({choreoAPI, crd})
//   <prefix>/choreo.studio/leader                      the leader record, on the leader's lease
//   <prefix>/choreo.studio/leaderhistory               leaderTransitions and the last holder (no lease)
//   <prefix>/choreo.studio/candidates/<identity>       one per runner, on its lease (who follows)
import type { KrmObject } from '../../../../src-shared/krm/object.js';

export const OWN_GROUP = 'choreo.studio';

export interface ApiKeyInfo {
  group: string;
  resource: string;
  namespaced: boolean;
}

/** `<prefix>/<group>/<plural>/` (the folder of one API's objects). */
export function apiKeyPrefix(prefix: string, api: ApiKeyInfo): string {
  return `${prefix}/${api.group ? `${api.group}/` : ''}${api.resource}/`;
}

export function objectKey(prefix: string, api: ApiKeyInfo, namespace: string | undefined, name: string): string {
  return `${apiKeyPrefix(prefix, api)}${api.namespaced ? `${namespace ?? ''}/` : ''}${name}`;
}

export function registrationKey(prefix: string, group: string, kind: string): string {
  return `${prefix}/${OWN_GROUP}/apis/${group}/${kind}`;
}

export const registrationsPrefix = (prefix: string) => `${prefix}/${OWN_GROUP}/apis/`;
export const ownPrefix = (prefix: string) => `${prefix}/${OWN_GROUP}/`;
export const leaderKey = (prefix: string) => `${prefix}/${OWN_GROUP}/leader`;
export const leaderHistoryKey = (prefix: string) => `${prefix}/${OWN_GROUP}/leaderhistory`;
export const candidatesPrefix = (prefix: string) => `${prefix}/${OWN_GROUP}/candidates/`;

/** The stored value of an object: JSON without resourceVersion (the mod revision stands for it). */
export function encodeObject(obj: KrmObject): string {
  if (obj.metadata?.resourceVersion === undefined) return JSON.stringify(obj);
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

/** An object read back: its resourceVersion is the key's mod revision. Throws on a value that is not an object. */
export function decodeObject(value: string, modRevision: string, key: string): KrmObject {
  let obj: KrmObject;
  try {
    obj = JSON.parse(value) as KrmObject;
  } catch (e) {
    throw new Error(`etcd key ${key}: the value is not JSON (${(e as Error).message})`);
  }
  if (!obj || typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.metadata || typeof obj.metadata !== 'object') {
    throw new Error(`etcd key ${key}: the value is not a Kubernetes object (apiVersion, kind and metadata are required)`);
  }
  obj.metadata.resourceVersion = modRevision;
  return obj;
}
