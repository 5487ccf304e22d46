import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { manualClock, sequentialUids } from './clock.js';
import { StoreError } from './errors.js';
import { openApiStore } from './open.js';
import { createApiStore } from './store.js';
import { OBJECT_META_PROPERTIES, testCrd } from '../../testing/crd-yaml.js';

const conditionItems = {
  type: 'object',
  required: ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
  properties: {
    lastTransitionTime: { type: 'string', format: 'date-time' },
    message: { type: 'string', maxLength: 32768 },
    reason: { type: 'string', minLength: 1, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' },
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    type: { type: 'string' },
  },
};

function helloCrd(extra: Record<string, unknown> = {}): KrmObject {
  const conditions = { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], items: conditionItems };
  return testCrd({
    kind: 'HelloWorld',
    plural: 'helloworlds',
    properties: { ...OBJECT_META_PROPERTIES, spec: { type: 'object', properties: { greeting: { type: 'string' }, ...extra } }, status: { type: 'object', properties: { conditions } } },
  });
}

const hello = (spec?: Record<string, unknown>): KrmObject => ({
  apiVersion: 'example.com/v1alpha1',
  kind: 'HelloWorld',
  metadata: { name: 'test', namespace: 'default', annotations: { 'api.choreo.kform.dev/origin': '{"kind":"File"}' } },
  ...(spec ? { spec } : {}),
});

function newStore(dbDir?: string) {
  const s = createApiStore({ clock: manualClock('2024-10-01T15:32:20Z'), newUid: sequentialUids(), dbDir });
  s.registerApi(helloCrd({ fieldA: { type: 'string', minLength: 3 }, protocol: { type: 'string', enum: ['gnmi', 'netconf'] }, port: { type: 'integer', default: 57400 } }));
  return s;
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ApiStore', () => {
  it('creates with uid, resourceVersion "0", creationTimestamp and no generation; applies defaults', () => {
    const s = newStore();
    const r = s.apply(hello(), { fieldManager: 'inputfileloader' });
    expect(r.changed).toBe(true);
    const o = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    expect(o.metadata.uid).toBe('00000000-0000-4000-8000-000000000001');
    expect(o.metadata.resourceVersion).toBe('0');
    expect(o.metadata.generation).toBeUndefined();
    expect(o.metadata.creationTimestamp).toBe('2024-10-01T15:32:20Z');
    expect(o.metadata.managedFields).toEqual([
      {
        apiVersion: 'example.com/v1alpha1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:api.choreo.kform.dev/origin': {} } } },
        manager: 'inputfileloader',
        operation: 'Apply',
        time: '2024-10-01T15:32:20Z',
      },
    ]);
    // get without managed fields hides RV/generation/managedFields
    expect(s.get('helloworlds.example.com', 'default', 'test').metadata.resourceVersion).toBeUndefined();
  });

  it('records a reconciler apply like the hello-world README and bumps RV/generation only on change', () => {
    const s = newStore();
    s.apply(hello(), { fieldManager: 'inputfileloader' });
    const events: string[] = [];
    s.watch((e) => events.push(`${e.type} ${e.object.metadata.name}`));
    const fromReconciler = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    fromReconciler.spec = { greeting: 'hello choreo' };
    fromReconciler.status = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-09-30T17:49:34Z' }] };
    const r1 = s.apply(fromReconciler, { fieldManager: 'example.com.helloworlds.helloworld' });
    expect(r1.changed).toBe(true);
    expect(r1.object.metadata.resourceVersion).toBe('1');
    expect(r1.object.metadata.generation).toBe(1);
    expect(r1.object.spec).toEqual({ greeting: 'hello choreo', port: 57400 });
    const mf = r1.object.metadata.managedFields!;
    expect(mf.map((m) => m.manager)).toEqual(['inputfileloader', 'example.com.helloworlds.helloworld']);
    expect(mf[1]!.fieldsV1).toEqual({
      'f:metadata': { 'f:annotations': { 'f:api.choreo.kform.dev/origin': {} } },
      'f:spec': { 'f:greeting': {} },
      'f:status': {
        'f:conditions': {
          'k:{"type":"Ready"}': { '.': {}, 'f:lastTransitionTime': {}, 'f:message': {}, 'f:reason': {}, 'f:status': {}, 'f:type': {} },
        },
      },
    });
    // same content again: a no-op
    const again = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    const r2 = s.apply(again, { fieldManager: 'example.com.helloworlds.helloworld' });
    expect(r2.changed).toBe(false);
    expect(events).toEqual(['MODIFIED test']);
    // status-only change: RV bumps, generation does not
    again.status.conditions[0].message = 'x';
    again.status.conditions[0].status = 'False';
    again.status.conditions[0].reason = 'Failed';
    const r3 = s.apply(again, { fieldManager: 'example.com.helloworlds.helloworld' });
    expect(r3.object.metadata.resourceVersion).toBe('2');
    expect(r3.object.metadata.generation).toBe(1);
  });

  it('rejects an undeclared field with the SSA text', () => {
    const s = newStore();
    s.apply(hello(), { fieldManager: 'inputfileloader' });
    const o = s.get('helloworlds.example.com', 'default', 'test');
    o.spec = { greetings: 'hello choreo' };
    expect(() => s.apply(o, { fieldManager: 'example.com.helloworlds.helloworld' })).toThrow(
      'rpc error: code = InvalidArgument desc = fieldmanager apply failed err: failed to create typed patch object (default/test; example.com/v1alpha1, Kind=HelloWorld): .spec.greetings: field not declared in schema',
    );
  });

  it('validates with Kubernetes texts', () => {
    const s = newStore();
    expect(() => s.apply(hello({ fieldA: 'w', protocol: 'x' }), { fieldManager: 'm' })).toThrow(
      'rpc error: code = InvalidArgument desc = validation create failed: [spec.fieldA: Invalid value: "w": spec.fieldA in body should be at least 3 chars long spec.protocol: Unsupported value: "x": supported values: "gnmi", "netconf"]',
    );
    expect(() => s.create({ ...hello(), spec: { port: 'string' } })).toThrow('spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"');
    const noNs = hello();
    delete noNs.metadata.namespace;
    expect(() => s.apply(noNs, { fieldManager: 'm' })).toThrow('metadata.namespace: Required value');
    const bad = hello();
    bad.metadata.name = 'Bad_Name';
    expect(() => s.apply(bad, { fieldManager: 'm' })).toThrow('metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain');
  });

  it('reports unknown kinds and empty field managers', () => {
    const s = newStore();
    expect(() => s.apply({ apiVersion: 'x.dev/v1', kind: 'Nope', metadata: { name: 'a' } }, { fieldManager: 'm' })).toThrow(
      'rpc error: code = Unavailable desc = gvk x.dev/v1, Kind=Nope not registered',
    );
    expect(() => s.apply(hello(), { fieldManager: '' })).toThrow('cannot apply a resource with an empty fieldmanager');
    try {
      s.get('helloworlds.example.com', 'default', 'zz');
    } catch (e) {
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).code).toBe('NotFound');
    }
  });

  it('detects conflicts and removes fields a manager stops setting', () => {
    const s = newStore();
    s.apply(hello({ greeting: 'a' }), { fieldManager: 'inputfileloader' });
    expect(() => s.apply(hello({ greeting: 'b' }), { fieldManager: 'other' })).toThrow(
      'fieldmanager apply failed err: Apply failed with 1 conflict: conflict with "inputfileloader": .spec.greeting',
    );
    // same value: co-owned, no conflict
    expect(s.apply(hello({ greeting: 'a' }), { fieldManager: 'other' }).changed).toBe(false);
    // force takes it over
    const forced = s.apply(hello({ greeting: 'b', fieldA: 'abc' }), { fieldManager: 'other', force: true });
    expect(forced.object.spec.greeting).toBe('b');
    // other stops setting fieldA → removed (nobody else owns it); greeting kept (still set)
    const r = s.apply(hello({ greeting: 'b' }), { fieldManager: 'other' });
    expect(r.object.spec.fieldA).toBeUndefined();
    expect(r.object.spec.greeting).toBe('b');
  });

  it('deletes with finalizers through deletionTimestamp and indexes owners', () => {
    const s = newStore();
    const owner = s.apply({ ...hello(), metadata: { ...hello().metadata, finalizers: ['greeting.example.com/ready'] } }, { fieldManager: 'm' }).object;
    const child = s.apply(
      { apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name: 'child', namespace: 'default', ownerReferences: [{ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'test', uid: owner.metadata.uid!, controller: true }] } },
      { fieldManager: 'r' },
    ).object;
    expect(s.ownedBy(owner.metadata.uid!).map((o) => o.metadata.name)).toEqual(['child']);
    expect(child.metadata.managedFields![0]!.fieldsV1).toEqual({ 'f:metadata': { 'f:ownerReferences': { [`k:{"uid":"${owner.metadata.uid}"}`]: {} } } });
    const d1 = s.delete('helloworlds.example.com', 'default', 'test');
    expect(d1.deleted).toBe(false);
    expect(d1.object.metadata.deletionTimestamp).toBe('2024-10-01T15:32:20Z');
    const live = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    live.metadata.finalizers = ['another/one'];
    expect(() => s.update(live)).toThrow('no new finalizers can be added if the object is being deleted');
    live.metadata.finalizers = [];
    const d2 = s.update(live);
    expect(d2.deleted).toBe(true);
    expect(s.tryGet('helloworlds.example.com', 'default', 'test')).toBeUndefined();
    s.delete('helloworlds.example.com', 'default', 'child');
    expect(s.ownedBy(owner.metadata.uid!)).toEqual([]);
    expect(s.size()).toBe(0);
  });

  it('indexes one owner of several objects, as they come and go', () => {
    const s = newStore();
    const owner = s.apply(hello(), { fieldManager: 'm' }).object;
    const ref = { apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', name: 'test', uid: owner.metadata.uid! };
    const child = (name: string, refs = [ref]): KrmObject => ({ apiVersion: 'example.com/v1alpha1', kind: 'HelloWorld', metadata: { name, namespace: 'default', ownerReferences: refs } });
    const owned = () => s.ownedBy(owner.metadata.uid!).map((o) => o.metadata.name);
    s.apply(child('c2'), { fieldManager: 'r' });
    s.apply(child('c2'), { fieldManager: 'r' }); // again: still one
    expect(owned()).toEqual(['c2']);
    s.apply(child('c1'), { fieldManager: 'r' });
    s.apply(child('c3'), { fieldManager: 'r' });
    expect(owned()).toEqual(['c1', 'c2', 'c3']);
    s.delete('helloworlds.example.com', 'default', 'c2');
    s.apply(child('c1', []), { fieldManager: 'r' }); // no longer owned
    expect(owned()).toEqual(['c3']);
    s.delete('helloworlds.example.com', 'default', 'c3');
    expect(owned()).toEqual([]);
    s.apply(child('c4'), { fieldManager: 'r' });
    expect(owned()).toEqual(['c4']);
  });

  it('persists to .choreo/db and keeps uids across reopen', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'choreo-db-'));
    dirs.push(dir);
    const s = newStore(dir);
    s.apply(helloCrd(), { fieldManager: 'inputfileloader' });
    const uid = s.apply(hello({ greeting: 'x' }), { fieldManager: 'inputfileloader' }).object.metadata.uid;
    await s.save();
    const file = path.join(dir, 'gen-000001', 'example.com', 'helloworlds.ndjson');
    expect(JSON.parse(readFileSync(file, 'utf8').trim()).metadata.uid).toBe(uid);
    const s2 = await openApiStore(dir, { clock: manualClock(), newUid: sequentialUids('ffffffff-0000-4000-8000') });
    expect(s2.api('helloworlds.example.com')?.kind).toBe('HelloWorld');
    const r = s2.apply(hello({ greeting: 'x' }), { fieldManager: 'inputfileloader' });
    expect(r.changed).toBe(false);
    expect(r.object.metadata.uid).toBe(uid);
    const r2 = s2.apply(hello({ greeting: 'y' }), { fieldManager: 'inputfileloader' });
    expect(r2.object.metadata.generation).toBe(1);
    // concurrent saves land in order: the last state wins
    const s3 = newStore(dir);
    s3.apply(helloCrd(), { fieldManager: 'inputfileloader' });
    s3.apply(hello({ greeting: 'first' }), { fieldManager: 'inputfileloader' });
    const p1 = s3.save();
    s3.apply(hello({ greeting: 'second' }), { fieldManager: 'inputfileloader' });
    await Promise.all([p1, s3.save()]);
    expect((await openApiStore(dir)).get('helloworlds.example.com', 'default', 'test').spec.greeting).toBe('second');
  });

  it('create/update prune undeclared fields; update checks the resourceVersion; watch can replay', () => {
    const s = newStore();
    const c = s.create({ ...hello({ greeting: 'a', bogus: 1 }) }).object;
    expect(c.spec).toEqual({ greeting: 'a', port: 57400 });
    const live = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    live.spec.greeting = 'b';
    live.metadata.resourceVersion = '7';
    expect(() => s.update(live)).toThrow('rpc error: code = PermissionDenied desc = conflict resource version mismatch 7/0');
    live.metadata.resourceVersion = '0';
    expect(s.update(live).object.metadata.resourceVersion).toBe('1');
    const seen: string[] = [];
    const stop = s.watch((e) => seen.push(`${e.type} ${e.object.metadata.name} ${e.object.spec?.greeting ?? ''}`), { api: 'helloworlds.example.com', replay: true });
    s.apply(hello({ greeting: 'b' }), { fieldManager: 'other' });
    s.delete('helloworlds.example.com', 'default', 'test');
    stop();
    s.apply(hello({ greeting: 'c' }), { fieldManager: 'other' });
    expect(seen).toEqual(['ADDED test b', 'DELETED test b']);
  });

  it('a dry run validates and merges but stores nothing', () => {
    const s = newStore();
    expect(s.apply(hello({ greeting: 'x' }), { fieldManager: 'm', dryRun: true }).object.spec.greeting).toBe('x');
    expect(s.size()).toBe(0);
    expect(() => s.apply(hello({ fieldA: 'w' }), { fieldManager: 'm', dryRun: true })).toThrow('validation create failed');
  });

  it('updateStatus changes only the status', () => {
    const s = newStore();
    s.apply(hello({ greeting: 'a' }), { fieldManager: 'm' });
    const o = s.get('helloworlds.example.com', 'default', 'test', { showManagedFields: true });
    o.spec = { greeting: 'ignored' };
    o.status = { conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2024-01-01T00:00:00Z' }] };
    const r = s.updateStatus(o);
    expect(r.object.spec.greeting).toBe('a');
    expect(r.object.status.conditions[0].type).toBe('Ready');
    expect(r.object.metadata.resourceVersion).toBe('1');
    expect(r.object.metadata.generation).toBeUndefined();
  });

  it('objects with the same field set share one fieldsV1, and only the same JSON (key order too) is shared', () => {
    const s = newStore();
    const named = (name: string, spec: Record<string, unknown>): KrmObject => ({ ...hello(spec), metadata: { ...hello().metadata, name } });
    const fieldsOf = (name: string) => s.get('helloworlds.example.com', 'default', name, { readOnly: true }).metadata.managedFields![0]!.fieldsV1 as Record<string, unknown>;
    s.apply(named('a', { greeting: 'x', fieldA: 'aaa' }), { fieldManager: 'm' });
    s.apply(named('b', { greeting: 'y', fieldA: 'bbb' }), { fieldManager: 'm' });
    expect(fieldsOf('b')).toBe(fieldsOf('a'));
    // the same fields in another order render another text: kept as applied, sharing the annotations' subtree
    s.apply(named('c', { fieldA: 'ccc', greeting: 'z' }), { fieldManager: 'm' });
    expect(Object.keys(fieldsOf('c')['f:spec'] as object)).toEqual(['f:fieldA', 'f:greeting']);
    expect(fieldsOf('c')['f:metadata']).toBe(fieldsOf('a')['f:metadata']);
    expect(JSON.stringify(fieldsOf('a'))).toBe('{"f:metadata":{"f:annotations":{"f:api.choreo.kform.dev/origin":{}}},"f:spec":{"f:greeting":{},"f:fieldA":{}}}');
  });
});
