// The choreo.kform.dev kinds validate as upstream's CRDs (kform-dev/choreo artifacts/) do.
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from './clock.js';
import { createApiStore } from './store.js';

const store = () => createApiStore({ clock: manualClock(), newUid: sequentialUids() });
const choreo = (kind: string, name: string, spec: unknown, extra: Partial<KrmObject> = {}): KrmObject => ({ apiVersion: 'choreo.kform.dev/v1alpha1', kind, metadata: { name }, spec, ...extra });
const apply = (o: KrmObject) => store().apply(o, { fieldManager: 'inputfileloader' }).object;
const refused = (o: KrmObject) => {
  try {
    apply(o);
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('choreo.kform.dev kinds', () => {
  it('UpstreamRef: includes are API names (strings); type crd|all, default all; priority defaults to 10', () => {
    const ref = (spec: Record<string, unknown>) => choreo('UpstreamRef', 'r', { url: 'https://x/y.git', ref: { name: 'abc' }, ...spec });
    expect(apply(ref({ type: 'crd', includes: ['infra.kuid.dev_nodes'] })).spec).toEqual({
      url: 'https://x/y.git',
      ref: { name: 'abc', type: 'hash' },
      type: 'crd',
      includes: ['infra.kuid.dev_nodes'],
      priority: 10,
    });
    expect(apply(ref({})).spec).toMatchObject({ type: 'all' });
    expect(refused(ref({ includes: [{ name: 'x' }] }))).toContain('.spec.includes[0]: expected string');
    expect(refused(ref({ type: 'full' }))).toContain('spec.type: Unsupported value: "full": supported values: "crd", "all"');
    expect(refused(choreo('UpstreamRef', 'r', { ref: { name: 'abc' } }))).toContain('spec.url: Required value');
    expect(refused(ref({ ref: { type: 'branch', name: 'main' } }))).toContain('spec.ref.type: Unsupported value: "branch"');
    // upstream's UpstreamRef has no status
    expect(refused({ ...ref({}), status: { x: 1 } })).toContain('.status: field not declared in schema');
  });

  it('Reconciler: for needs group, kind and version; match expressions need expression and operator; status is free', () => {
    const forRes = { group: 'example.com', version: 'v1alpha1', kind: 'X' };
    expect(refused(choreo('Reconciler', 'r', {}))).toContain('spec.for: Required value');
    expect(refused(choreo('Reconciler', 'r', { for: { group: 'example.com', kind: 'X' } }))).toContain('spec.for.version: Required value');
    expect(refused(choreo('Reconciler', 'r', { for: { ...forRes, selector: { matchExpressions: [{ expression: 'a' }] } } }))).toContain('spec.for.selector.matchExpressions[0].operator: Required value');
    const ok = apply(choreo('Reconciler', 'r', { for: forRes, owns: [forRes], conditionType: 'Ready', specUpdate: true, type: 'starlark', code: { 'reconciler.star': '' } }, { status: { anything: [1, 2] } }));
    expect(ok.status).toEqual({ anything: [1, 2] });
  });

  it('Library needs code; ConfigGenerator needs a full providerSelector; APIResources needs groups', () => {
    expect(refused(choreo('Library', 'l.star', { type: 'starlark' }))).toContain('spec.code: Required value');
    expect(apply(choreo('Library', 'l.star', { code: 'x = 1' }, { status: { conditions: 'free' } })).status).toEqual({ conditions: 'free' });
    expect(refused(choreo('ConfigGenerator', 'g', {}))).toContain('spec.providerSelector: Required value');
    expect(refused(choreo('ConfigGenerator', 'g', { providerSelector: { group: 'a', version: 'v1', kind: 'K' } }))).toContain('spec.providerSelector.fieldPath: Required value');
    expect(refused({ apiVersion: 'choreo.kform.dev/v1alpha1', kind: 'APIResources', metadata: { name: 'a', namespace: 'default' }, spec: {} })).toContain('spec.groups: Required value');
  });
});
