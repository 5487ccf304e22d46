// The Choreo host builtins' signatures and docs, written once: the interpreter unpacks arguments with these
// parameter lists (./host-builtins.ts), and the editor's language service shows them in hover, completion and
// signature help (engine/language). Calling contract: ../../../../shared/spec/starlark.md §5 — every
// parameter is positional and required (the Go bindings drop keyword arguments), except config/secret.
import { parseParams, type Signature } from '../starlark/signatures.js';

/** Types the host builtins check their arguments against. */
export type HostParamType = 'string' | 'bool' | 'int' | 'dict' | 'any';

const RSP = 'rsp dict: `{"fatal": bool, "error": string | None, "resource": ...}`';
const RSP_NOTE = '\n\nReturns an rsp dict; test `rsp["error"] != None` before using `rsp["resource"]`.';

function host(name: string, params: string, returns: string, doc: string): Signature {
  return { name, params: parseParams(params), returns, doc };
}

/**
 * Every host builtin by the name a reconciler calls it. `reconcile_result` has two forms, chosen by the
 * number of arguments: 6 (legacy API, applies the object) and 5 (current API, returns it).
 */
export const HOST_BUILTIN_SIGNATURES: Record<string, Signature[]> = {
  client_get: [host('client_get', 'name: string, namespace: string, obj: dict', RSP, 'Reads one object from the store. `obj` names its kind with `apiVersion` and `kind` (for example the rsp of `get_resource(...)["resource"]`).' + RSP_NOTE + ' `resource` is the object.')],
  client_list: [host('client_list', 'obj: dict, fieldSelector: dict', RSP, 'Lists the objects of the kind named by `obj` (`apiVersion`, `kind`) whose fields match `fieldSelector` (`{"spec.partition": "x"}`; keys and values are strings).' + RSP_NOTE + ' `resource` is `{"apiVersion", "kind": "<Kind>List", "items": [...]}`.')],
  client_create: [host('client_create', 'obj: dict', RSP, 'Registers `obj` as a child of the object being reconciled (its owner reference is set). Nothing is written until `client_apply()`.' + RSP_NOTE)],
  client_apply: [host('client_apply', '', RSP, 'Applies the children registered with `client_create` since the reconcile started, and deletes the children of earlier reconciles that were not registered again.' + RSP_NOTE)],
  client_delete: [host('client_delete', '', RSP, 'Deletes every child of the object being reconciled (use it when the object is being deleted).' + RSP_NOTE)],
  client_update: [host('client_update', 'obj: dict', RSP, 'Applies `obj` directly (server-side apply with the reconciler as field manager), without pruning.' + RSP_NOTE)],
  client_update_status: [host('client_update_status', 'obj: dict', RSP, 'Applies the status of `obj` directly, as `client_update` does.' + RSP_NOTE)],
  reconcile_result: [
    host(
      'reconcile_result',
      'obj: dict, requeue: bool, requeueAfter: int, conditionType: string, msg: string, fatal: bool',
      'result dict',
      'Ends a reconcile (legacy API, 6 arguments): sets condition `conditionType` of `obj` to True (empty `msg`) or False with `msg`, then applies `obj`. `requeue`/`requeueAfter` (seconds) ask for another reconcile; `fatal` stops retrying an error.',
    ),
    host(
      'reconcile_result',
      'obj: dict, requeue: bool, requeueAfter: int, msg: string, fatal: bool',
      'result dict',
      'Ends a reconcile (current API, 5 arguments): returns `obj` to the runner, which sets its Ready condition (False with `msg` when `msg` is not empty) and applies it. `requeue`/`requeueAfter` (seconds) ask for another reconcile; `fatal` stops retrying an error.',
    ),
  ],
  get_resource: [host('get_resource', 'apiVersion: string, kind: string', RSP, 'Names a kind: `rsp["resource"]` is `{"apiVersion": apiVersion, "kind": kind}`, the shape `client_get` and `client_list` take.')],
  add_finalizer: [host('add_finalizer', 'obj: dict, finalizer: string', RSP, 'Returns a copy of `obj` (in `rsp["resource"]`) with `finalizer` added to `metadata.finalizers`.')],
  del_finalizer: [host('del_finalizer', 'obj: dict, finalizer: string', RSP, 'Returns a copy of `obj` (in `rsp["resource"]`) without `finalizer` in `metadata.finalizers`.')],
  is_conditionready: [host('is_conditionready', 'obj: dict, conditionType: string', 'bool', 'Reports whether `obj` has a `status.conditions[]` entry of type `conditionType` with status `"True"`.')],
  get_prefixlength: [host('get_prefixlength', 'prefix: string', 'int', 'The prefix length of an IP prefix (`"10.0.0.1/24"` → 24); a bare address gives 32 or 128.')],
  get_address: [host('get_address', 'prefix: string', 'string', 'The address part of an IP prefix, unmasked: `"10.0.0.1/24"` → `"10.0.0.1"`.')],
  get_subnetname: [host('get_subnetname', 'prefix: string', 'string', 'A name for the subnet of a prefix: `"10.0.0.1/24"` → `"10.0.0.0-24"` (`:` becomes `-`).')],
  isIPv4: [host('isIPv4', 'prefix: string', 'bool', 'Reports whether a prefix or address is IPv4 (legacy spelling of `is_ipv4`).')],
  isIPv6: [host('isIPv6', 'prefix: string', 'bool', 'Reports whether a prefix or address is IPv6 (legacy spelling of `is_ipv6`).')],
  is_ipv4: [host('is_ipv4', 'prefix: string', 'bool', 'Reports whether a prefix or address is IPv4.')],
  is_ipv6: [host('is_ipv6', 'prefix: string', 'bool', 'Reports whether a prefix or address is IPv6.')],
  config: [host('config', 'key: string, default=None', 'any', 'The value of configuration `key` for the environment being deployed (`choreo config set ENV KEY VALUE`), else `default`. In dev runs it is `default` ("" without one).')],
  secret: [host('secret', 'key: string', 'string', 'The secret `key` of the environment being deployed (`choreo config set ENV KEY VALUE --secret`). In dev runs it is "".')],
};

/** The one signature of a host builtin with a single form (throws for an unknown name: a programming error). */
export function hostSignature(name: string): Signature {
  const s = HOST_BUILTIN_SIGNATURES[name];
  if (!s || s.length !== 1) throw new Error(`host builtin ${name} has ${s ? s.length : 'no'} signatures`);
  return s[0]!;
}
