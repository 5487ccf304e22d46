// Template reconcilers (engine spec §10.1), Go templates and pongo2-style Jinja2 templates: render `main.tpl`
// (`main.jinja2`) with the for object, parse the output as one
// YAML document, make it the single child (owner reference replaced), apply children (stale ones deleted),
// then persist the finalizer `<reconciler name>` on the for object. Deletion removes the children first.
import { parse as parseYaml } from 'yaml';
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import { errorText } from '../builtins/host-builtins.js';
import type { ReconcilerDef } from '../loader/types.js';
import { ChildRegistry } from '../reconcilers/children.js';
import { problemAt, type ReconcileOutcome, type TypedReconciler } from '../reconcilers/outcome.js';
import type { RunLoadProblem } from '../../../src-shared/run/result.js';
import { pruneUnmanagedFields } from '../reconcilers/prune.js';
import type { ApiStore } from '../store/types.js';
import { GoTemplateSet } from './go-template.js';
import { JinjaTemplateSet } from './jinja-template.js';

interface Engine {
  main: string;
  label: string;
  render(data: KrmObject): string;
}

export class TemplateReconciler implements TypedReconciler {
  readonly name: string;
  private readonly forGvk: GroupVersionKind;
  private readonly owns: GroupVersionKind[];
  private engine: Engine | undefined;

  constructor(
    private readonly def: ReconcilerDef,
    private readonly store: ApiStore,
  ) {
    this.name = def.name;
    this.forGvk = { group: def.for.group, version: def.for.version, kind: def.for.kind };
    this.owns = def.owns.map((o) => ({ group: o.group, version: o.version, kind: o.kind }));
  }

  /** Parses every template; returns a problem text or undefined. */
  prepare(): RunLoadProblem | undefined {
    const jinja = this.def.type === 'jinjatemplate';
    const main = jinja ? 'main.jinja2' : 'main.tpl';
    try {
      if (jinja) {
        const set = new JinjaTemplateSet(this.def.code);
        // The context is the object's top-level keys (`metadata.name`, `spec.node`, …).
        this.engine = { main, label: 'jinja2 template', render: (o) => set.execute(main, o as unknown as Record<string, unknown>) };
      } else {
        const set = new GoTemplateSet(this.def.code);
        this.engine = { main, label: 'go template', render: (o) => set.execute(main, o) };
      }
    } catch (e) {
      return problemAt(`reconciler ${this.name}: cannot parse template: ${errorText(e)} (${this.def.origin.file})`, this.def.origin);
    }
    if (this.def.code[main] === undefined) return problemAt(`reconciler ${this.name}: spec.code has no ${main} (${this.def.origin.file})`, this.def.origin);
    return undefined;
  }

  reconcile(namespace: string, name: string): ReconcileOutcome {
    if (!this.engine) {
      const problem = this.prepare();
      if (problem) return { kind: 'error', message: problem.message };
    }
    const self = this.store.tryGet(this.forGvk, namespace, name, { showManagedFields: true }) as (KrmObject & Record<string, any>) | undefined;
    if (!self) return { kind: 'stop' };
    const registry = new ChildRegistry(this.store, self, this.owns, this.name);
    if (self.metadata.deletionTimestamp) {
      try {
        registry.delete();
      } catch (e) {
        return { kind: 'error', message: `${this.engine!.label} ${this.name} cannot delete child resource, err: ${errorText(e)}` };
      }
      self.metadata.finalizers = (self.metadata.finalizers ?? []).filter((f) => f !== this.name);
      return this.applySelf(self);
    }
    // The finalizer is added before rendering, so templates already see it (spec §10.1 step 4).
    const fins = self.metadata.finalizers ?? [];
    if (!fins.includes(this.name)) self.metadata.finalizers = [...fins, this.name];
    let text: string;
    try {
      text = this.engine!.render(self);
    } catch (e) {
      return { kind: 'error', message: `${this.engine!.label} ${this.name} parser failed err: ${errorText(e)}` };
    }
    let child: KrmObject;
    try {
      child = parseYaml(text, { version: '1.1' }) as KrmObject;
      if (!child || typeof child !== 'object' || Array.isArray(child)) throw new Error('the output is not a YAML map');
    } catch (e) {
      return { kind: 'error', message: `${this.engine!.label} ${this.name} generate invalid yaml failed err: ${errorText(e)}` };
    }
    registry.register(child);
    try {
      registry.apply();
    } catch (e) {
      return { kind: 'error', message: `apply failed for ${this.def.type} ${this.name}, err: ${errorText(e)}` };
    }
    return this.applySelf(self);
  }

  private applySelf(self: KrmObject): ReconcileOutcome {
    pruneUnmanagedFields(self as Record<string, any>, this.name);
    try {
      this.store.apply(self, { fieldManager: this.name });
    } catch (e) {
      return { kind: 'error', message: `${this.engine?.label ?? 'template'} ${this.name} cannot set finalizer, err: ${errorText(e)}` };
    }
    return { kind: 'stop' };
  }
}
