// An index of one kind's objects by a field value V(expr), kept current from store events. Watch handlers
// use it to find the for-objects a watched object selects without listing the whole kind per event (which
// made watch-heavy projects quadratic).
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { fieldValue } from '../selectors/field-value.js';
import type { WatchEvent } from '../store/types.js';

export class FieldIndex {
  private readonly byValue = new Map<string, Set<string>>();
  private readonly valueOf = new Map<string, string>();

  constructor(readonly expr: string) {}

  static keyOf(o: KrmObject): string {
    return `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;
  }

  add(o: KrmObject): void {
    const key = FieldIndex.keyOf(o);
    this.remove(key);
    const v = fieldValue(o, this.expr);
    if (!v.found) return;
    this.valueOf.set(key, v.value);
    let s = this.byValue.get(v.value);
    if (!s) this.byValue.set(v.value, (s = new Set()));
    s.add(key);
  }

  remove(key: string): void {
    const old = this.valueOf.get(key);
    if (old === undefined) return;
    this.valueOf.delete(key);
    const s = this.byValue.get(old);
    s?.delete(key);
    if (s && s.size === 0) this.byValue.delete(old);
  }

  update(e: WatchEvent): void {
    if (e.type === 'DELETED') this.remove(FieldIndex.keyOf(e.object));
    else this.add(e.object);
  }

  /** `namespace/name` keys of the objects whose V(expr) equals `value`. */
  keys(value: string): string[] {
    return [...(this.byValue.get(value) ?? [])];
  }
}
