// How a reconciler's client_get finds an object. Upstream Choreo keys every object by its name only
// (registry/get.go: `store.ToKey(name)`), so a get ignores the namespace it is given: reconcilers that
// pass "" (or a namespace read from the wrong field) still get the object. Our store keys by namespace
// and name; a get that misses in the namespace given falls back to the object of that name in any
// namespace, which is what Go returns. Two objects of one name in different namespaces cannot exist in
// Go's store; here such a get names both and asks for the namespace rather than guess.
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import { StoreError } from '../store/errors.js';
import type { ApiStore } from '../store/types.js';

export function getAsUpstream(store: ApiStore, gvk: GroupVersionKind, namespace: string, name: string): KrmObject {
  const exact = store.tryGet(gvk, namespace, name);
  if (exact) return exact;
  const api = store.api(gvk);
  if (api?.namespaced) {
    const same = store.list(gvk, { readOnly: true }).filter((o) => o.metadata.name === name);
    if (same.length === 1) return store.get(gvk, same[0]!.metadata.namespace ?? '', name);
    if (same.length > 1) {
      const where = same.map((o) => o.metadata.namespace ?? '').join(', ');
      throw new StoreError('NotFound', `err: ${api.resource}.${api.group} "${name}" not found in namespace "${namespace}"; objects of that name exist in namespaces ${where}: pass the namespace`);
    }
  }
  return store.get(gvk, namespace, name); // throws NotFound with the store's wording
}
