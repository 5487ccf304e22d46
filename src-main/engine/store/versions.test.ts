import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from './clock.js';
import { openApiStore } from './open.js';
import { createApiStore } from './store.js';
import type { WatchEvent } from './types.js';
import { compareKubeAwareVersions, crdVersions } from './versions.js';

// The shape of kuid's backend CRDs: an internal storage version plus a served v1alpha1, each with its schema.
function claimVersion(name: string, storage: boolean, extra: Record<string, unknown> = {}) {
  return {
    name,
    served: true,
    storage,
    schema: {
      openAPIV3Schema: {
        type: 'object',
        properties: {
          apiVersion: { type: 'string' },
          kind: { type: 'string' },
          metadata: { type: 'object' },
          spec: { type: 'object', properties: { index: { type: 'string' }, prefixType: { type: 'string', default: 'other' }, ...extra } },
          status: { type: 'object', properties: { id: { type: 'integer' } } },
        },
      },
    },
  };
}

function claimCrd(versions: unknown[]): KrmObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'asclaims.as.be.kuid.dev' },
    spec: { group: 'as.be.kuid.dev', names: { kind: 'ASClaim', listKind: 'ASClaimList', plural: 'asclaims', singular: 'asclaim' }, scope: 'Namespaced', versions },
  };
}

const claim = (version: string, name: string, spec: Record<string, unknown> = { index: 'kubenet' }): KrmObject => ({
  apiVersion: `as.be.kuid.dev/${version}`,
  kind: 'ASClaim',
  metadata: { name, namespace: 'default' },
  spec,
});

const newStore = (dbDir?: string) => createApiStore({ clock: manualClock(), newUid: sequentialUids(), dbDir });

describe('multi-version CRDs', () => {
  it('orders versions as Kubernetes does and needs exactly one storage version', () => {
    const sorted = ['ipam', 'v1alpha1', 'v1', 'v2beta1', 'v1beta2', 'v1beta1', 'v2', 'config', 'v10alpha1'].sort(compareKubeAwareVersions);
    expect(sorted).toEqual(['v2', 'v1', 'v2beta1', 'v1beta2', 'v1beta1', 'v10alpha1', 'v1alpha1', 'config', 'ipam']);
    expect(crdVersions('x', { versions: [{ name: 'a', served: true }] }).problems).toEqual(['invalid crd x, no storage version']);
    expect(crdVersions('x', { versions: [{ name: 'a', storage: true }, { name: 'b', storage: true }] }).problems[0]).toContain('only have 1 storage version');
    // a version that is neither served nor stored is not registered
    expect(crdVersions('x', { versions: [{ name: 'as', storage: true, served: true }, { name: 'v1', served: false }] }).versions!.served.map((v) => v.name)).toEqual(['as']);
  });

  it('registers every served version; discovery lists the kind once, at its preferred version', () => {
    const s = newStore();
    const api = s.registerApi(claimCrd([claimVersion('as', true), claimVersion('v1alpha1', false)]));
    expect(api).toMatchObject({ version: 'v1alpha1', storageVersion: 'as', servedVersions: ['v1alpha1', 'as'] });
    expect(s.apis().filter((a) => a.kind === 'ASClaim').map((a) => a.version)).toEqual(['v1alpha1']);
    expect(s.api({ group: 'as.be.kuid.dev', version: 'as', kind: 'ASClaim' })).toBe(api);
    expect(s.api('asclaims.as.be.kuid.dev')).toBe(api);
  });

  it('an object written in one served version reads in any other; get <plural>.<group> finds them all', () => {
    const s = newStore();
    s.registerApi(claimCrd([claimVersion('as', true), claimVersion('v1alpha1', false)]));
    const internal = { group: 'as.be.kuid.dev', version: 'as', kind: 'ASClaim' };
    const external = { group: 'as.be.kuid.dev', version: 'v1alpha1', kind: 'ASClaim' };
    const w = s.apply(claim('as', 'a'), { fieldManager: 'backend' });
    expect(w.object.apiVersion).toBe('as.be.kuid.dev/as');
    s.apply(claim('v1alpha1', 'b'), { fieldManager: 'reconciler' });
    expect(s.get(external, 'default', 'a').apiVersion).toBe('as.be.kuid.dev/v1alpha1');
    expect(s.get(internal, 'default', 'b').apiVersion).toBe('as.be.kuid.dev/as');
    expect(s.list('asclaims.as.be.kuid.dev').map((o) => `${o.apiVersion} ${o.metadata.name}`)).toEqual(['as.be.kuid.dev/v1alpha1 a', 'as.be.kuid.dev/v1alpha1 b']);
    expect(s.list(internal).map((o) => o.apiVersion)).toEqual(['as.be.kuid.dev/as', 'as.be.kuid.dev/as']);
    // the managedFields entry keeps the version the manager applied at
    expect(s.get(external, 'default', 'a', { showManagedFields: true }).metadata.managedFields![0]!.apiVersion).toBe('as.be.kuid.dev/as');
    // an update at the other version sees the same object (one resourceVersion line)
    const again = s.apply(claim('v1alpha1', 'a', { index: 'other' }), { fieldManager: 'backend', force: true });
    expect(again.object.apiVersion).toBe('as.be.kuid.dev/v1alpha1');
    expect(s.get(internal, 'default', 'a', { showManagedFields: true }).metadata.resourceVersion).toBe('1');
    expect(s.size()).toBe(2);
    expect(s.delete(internal, 'default', 'b').object.apiVersion).toBe('as.be.kuid.dev/as');
    expect(s.size()).toBe(1);
  });

  it('each version validates against its own schema', () => {
    const s = newStore();
    s.registerApi(claimCrd([claimVersion('as', true, { internalOnly: { type: 'string' } }), claimVersion('v1alpha1', false)]));
    expect(() => s.apply(claim('as', 'a', { index: 'x', internalOnly: 'y' }), { fieldManager: 'm' })).not.toThrow();
    expect(() => s.apply(claim('v1alpha1', 'b', { index: 'x', internalOnly: 'y' }), { fieldManager: 'm' })).toThrow('.spec.internalOnly: field not declared in schema');
    // a version the kind does not serve cannot be written
    expect(() => s.apply(claim('v2', 'c'), { fieldManager: 'm' })).toThrow('gvk as.be.kuid.dev/v2, Kind=ASClaim not registered');
  });

  it('watchers see events at the version they watch', () => {
    const s = newStore();
    s.registerApi(claimCrd([claimVersion('as', true), claimVersion('v1alpha1', false)]));
    const seen: WatchEvent[] = [];
    s.watch((e) => seen.push(e), { api: { group: 'as.be.kuid.dev', version: 'as', kind: 'ASClaim' } });
    s.apply(claim('v1alpha1', 'a'), { fieldManager: 'm' });
    expect(seen.map((e) => [e.type, e.gvk.version, e.object.apiVersion])).toEqual([['ADDED', 'as', 'as.be.kuid.dev/as']]);
  });

  it('objects follow the preferred version when a CRD gains a version, and across a reopen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-versions-'));
    try {
      const s = newStore(dir);
      s.registerApi(claimCrd([claimVersion('as', true), claimVersion('v1alpha1', false)]));
      s.apply(claim('v1alpha1', 'a'), { fieldManager: 'm' });
      await s.save();
      const reopened = await openApiStore(dir, { clock: manualClock(), newUid: sequentialUids() });
      expect(reopened.get('asclaims.as.be.kuid.dev', 'default', 'a').apiVersion).toBe('as.be.kuid.dev/v1alpha1');
      reopened.registerApi(claimCrd([claimVersion('as', true), claimVersion('v1alpha1', false), claimVersion('v1beta1', false)]));
      expect(reopened.api('asclaims.as.be.kuid.dev')!.version).toBe('v1beta1');
      expect(reopened.get('asclaims.as.be.kuid.dev', 'default', 'a').apiVersion).toBe('as.be.kuid.dev/v1beta1');
      expect(reopened.get({ group: 'as.be.kuid.dev', version: 'v1alpha1', kind: 'ASClaim' }, 'default', 'a').apiVersion).toBe('as.be.kuid.dev/v1alpha1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
