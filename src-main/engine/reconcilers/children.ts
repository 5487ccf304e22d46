// Child resource management of one reconcile (engine spec §4.10): `client_create` registers children,
// `client_apply` deletes stale children and applies the registered ones, `client_delete` deletes them all.
// "Existing children" are the objects of the `owns` kinds whose ownerReferences name the for object's uid.
import { apiVersionOf, gvkOf, parseApiVersion, type GroupVersionKind, type KrmObject } from '../../../src-shared/krm/object.js';
import { isStoreError } from '../store/errors.js';
import type { ApiStore } from '../store/types.js';

/** Several store errors from one apply/delete pass; `code` is the first error's code (decides fatal). */
export class ChildrenError extends Error {
  override name = 'ChildrenError';
  constructor(
    readonly errors: Error[],
    readonly code: string | undefined,
  ) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

export class ChildRegistry {
  private readonly registered: KrmObject[] = [];
  /**
   * group → kinds of the owned APIs (no key strings built per owned object). By group, not apiVersion: a
   * child written at one served version of its kind is stored (and owned) at the kind's preferred one.
   */
  private readonly owns: Map<string, Set<string>>;

  constructor(
    private readonly store: ApiStore,
    private readonly forObject: KrmObject,
    owns: GroupVersionKind[],
    private readonly manager: string,
  ) {
    this.owns = new Map();
    for (const g of owns) {
      let kinds = this.owns.get(g.group);
      if (!kinds) this.owns.set(g.group, (kinds = new Set()));
      kinds.add(g.kind);
    }
  }

  /** Registers `obj` as a child: its ownerReferences are replaced by the controller reference. */
  register(obj: KrmObject): KrmObject {
    const f = gvkOf(this.forObject);
    obj.metadata = obj.metadata && typeof obj.metadata === 'object' ? obj.metadata : {};
    obj.metadata.ownerReferences = [
      { apiVersion: apiVersionOf(f), kind: f.kind, name: this.forObject.metadata.name ?? '', uid: this.forObject.metadata.uid ?? '', controller: true },
    ];
    this.registered.push(obj);
    return obj;
  }

  /** Deletes stale children, then applies the registered ones (Namespaces first). */
  apply(): void {
    const stale = this.existing();
    for (const c of this.registered) stale.delete(keyOf(c));
    const errors: Error[] = [];
    this.deleteAll([...stale.values()], errors);
    const ordered = [...this.registered.filter((c) => c.kind === 'Namespace'), ...this.registered.filter((c) => c.kind !== 'Namespace')];
    for (const c of ordered) {
      try {
        // handed over: registered children are fresh objects (from Starlark) that nothing changes later
        this.store.apply(c, { fieldManager: this.manager, handOver: true });
      } catch (e) {
        errors.push(e as Error);
      }
    }
    throwJoined(errors);
  }

  /** Deletes every existing child. */
  delete(): void {
    const errors: Error[] = [];
    this.deleteAll([...this.existing().values()], errors);
    throwJoined(errors);
  }

  private existing(): Map<string, KrmObject> {
    const out = new Map<string, KrmObject>();
    const uid = this.forObject.metadata.uid;
    if (!uid) return out;
    // Read only: only the identities are used (deletion goes through the store by name).
    for (const o of this.store.ownedBy(uid, { readOnly: true })) {
      if (typeof o.apiVersion === 'string' && this.owns.get(parseApiVersion(o.apiVersion).group)?.has(o.kind)) out.set(keyOf(o), o);
    }
    return out;
  }

  // Namespaces are deleted last so their contents go first.
  private deleteAll(objs: KrmObject[], errors: Error[]): void {
    const ordered = [...objs.filter((o) => o.kind !== 'Namespace'), ...objs.filter((o) => o.kind === 'Namespace')];
    for (const o of ordered) {
      try {
        this.store.delete(gvkOf(o), o.metadata.namespace ?? '', o.metadata.name ?? '');
      } catch (e) {
        if (!isStoreError(e, 'NotFound')) errors.push(e as Error);
      }
    }
  }
}

/** A child's identity across the served versions of its kind. */
function keyOf(o: KrmObject): string {
  const group = typeof o.apiVersion === 'string' ? parseApiVersion(o.apiVersion).group : '';
  return `${group}|${o.kind}|${o.metadata?.namespace ?? ''}|${o.metadata?.name ?? ''}`;
}

function throwJoined(errors: Error[]): void {
  if (errors.length === 0) return;
  if (errors.length === 1) throw errors[0];
  const first = errors.find((e) => (e as { code?: string }).code);
  throw new ChildrenError(errors, (first as { code?: string } | undefined)?.code);
}
