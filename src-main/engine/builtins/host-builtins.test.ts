import { describe, expect, it } from 'vitest';
import type { KrmObject } from '../../../src-shared/krm/object.js';
import { StoreError } from '../store/errors.js';
import { call, execFile, fromStarlark, Thread, type Value } from '../starlark/index.js';
import { hostBuiltins, type ReconcileScope } from './host-builtins.js';

interface Calls {
  applied: Array<{ obj: KrmObject; conditionType: string; msg: string }>;
  children: KrmObject[];
}

function scope(calls: Calls, fail?: Partial<Record<'get' | 'apply' | 'result', Error>>): ReconcileScope {
  return {
    reconcilerName: 'r',
    clientGet: (apiVersion, kind, namespace, name) => {
      if (fail?.get) throw fail.get;
      return { apiVersion, kind, metadata: { name, namespace }, spec: { port: 0 } };
    },
    clientList: (apiVersion, kind, match) => [{ apiVersion, kind, metadata: { name: JSON.stringify(match) } }],
    registerChild: (obj) => {
      calls.children.push(obj);
      return obj;
    },
    applyChildren: () => {
      if (fail?.apply) throw fail.apply;
    },
    deleteChildren: () => {},
    update: (obj) => obj,
    applyResultObject: (obj, conditionType, msg) => {
      if (fail?.result) throw fail.result;
      calls.applied.push({ obj, conditionType, msg });
    },
  };
}

function run(src: string, generation: 'A' | 'B' = 'A', fail?: Parameters<typeof scope>[1]): { value: unknown; calls: Calls } {
  const calls: Calls = { applied: [], children: [] };
  const s = scope(calls, fail);
  const predeclared = hostBuiltins({ scope: () => s, generation });
  const mod = execFile('t.star', `def main():\n${src.split('\n').map((l) => '  ' + l).join('\n')}\n`, { predeclared });
  const v = call(new Thread(), mod.globals.get('main') as Value, []);
  return { value: fromStarlark(v), calls };
}

describe('host builtins', () => {
  it('reconcile_result with 6 arguments applies the object (profile A) and returns the A dict', () => {
    const { value, calls } = run('return reconcile_result({"kind": "X", "metadata": {"name": "a"}, "x": None}, False, 5, "Ready", "", False)');
    expect(value).toEqual({ fatal: false, error: null, requeueAfter: 5, requeue: false });
    expect(calls.applied).toEqual([{ obj: { kind: 'X', metadata: { name: 'a' }, x: '' }, conditionType: 'Ready', msg: '' }]);
    expect(run('return reconcile_result({}, False, 0, "Ready", "oops", True)').value).toEqual({ fatal: true, error: 'reconcile failed oops' });
  });
  it('reconcile_result apply errors: NotFound is not fatal, others are', () => {
    expect(run('return reconcile_result({}, False, 0, "Ready", "", False)', 'A', { result: new StoreError('NotFound', 'gone') }).value).toEqual({ fatal: false, error: 'rpc error: code = NotFound desc = gone' });
    expect(run('return reconcile_result({}, False, 0, "Ready", "", False)', 'A', { result: new StoreError('InvalidArgument', 'bad') }).value).toMatchObject({ fatal: true });
  });
  it('reconcile_result with 5 arguments only packages (profile B)', () => {
    const { value, calls } = run('return reconcile_result({"a": 1}, True, 0, "", False)');
    expect(value).toEqual({ obj: { a: 1 }, fatal: false, error: null, requeueAfter: 0, requeue: true });
    expect(calls.applied).toEqual([]);
    // Unlike profile A, a failed profile-B result keeps its requeue fields
    expect(run('return reconcile_result({"a": 1}, True, 3, "wait", False)').value).toEqual({ obj: { a: 1 }, fatal: false, error: 'reconcile failed wait', requeueAfter: 3, requeue: true });
  });
  it('reconcile_result argument errors come back as a fatal result with Go wording', () => {
    expect(run('return reconcile_result({}, False, 0, "Ready", None, False)').value).toEqual({
      fatal: true,
      error: 'error: reconcile_result: for parameter msg: got NoneType, want string, msg: ',
    });
    expect(run('return reconcile_result({}, False, 0, "Ready")').value).toEqual({ fatal: true, error: 'error: reconcile_result: missing argument for msg, msg: ' });
    expect(run('return reconcile_result({}, False, 0, "Ready", "m", False, 1)').value).toMatchObject({ error: 'error: reconcile_result: got 7 arguments, want at most 6, msg: ' });
    // keyword arguments are dropped (Go binding quirk)
    expect(run('return reconcile_result({}, False, 0, "Ready", "x", fatal=False)').value).toMatchObject({ fatal: true });
  });
  it('client builtins return rsp dicts; argument errors raise', () => {
    expect(run('return client_get("a", "default", get_resource("example.com/v1", "X")["resource"])').value).toEqual({
      fatal: false,
      error: null,
      resource: { apiVersion: 'example.com/v1', kind: 'X', metadata: { name: 'a', namespace: 'default' }, spec: { port: 0 } },
    });
    expect(run('return str(client_get("a", "default", {"apiVersion": "v1", "kind": "X"})["resource"]["spec"]["port"])').value).toBe('0.0');
    expect(run('return client_get("a", "default", {})', 'A', { get: new StoreError('NotFound', 'x') }).value).toEqual({ fatal: false, error: 'rpc error: code = NotFound desc = x', resource: null });
    expect(run('return client_list({"apiVersion": "v1", "kind": "X"}, {"spec.a": "b"})["resource"]["kind"]').value).toBe('XList');
    expect(() => run('return client_get("a")')).toThrow('client_get: missing argument for namespace');
    expect(run('return client_apply()', 'A', { apply: new StoreError('InvalidArgument', 'bad') }).value).toMatchObject({ fatal: true, error: 'rpc error: code = InvalidArgument desc = bad' });
    const { calls } = run('return client_create({"kind": "C", "metadata": {"name": "c"}})');
    expect(calls.children).toEqual([{ kind: 'C', metadata: { name: 'c' } }]);
  });
  it('non-client builtins return a fatal rsp on argument errors; IP helpers under both spellings', () => {
    expect(run('return get_resource("v1")').value).toEqual({ fatal: true, error: 'get_resource: missing argument for kind', resource: null });
    expect(run('return [isIPv4("10.0.0.1"), is_ipv4("10.0.0.1"), isIPv6("::1"), is_ipv6("10.0.0.0/8")]').value).toEqual([true, true, true, false]);
    expect(run('return [get_prefixlength("10.0.0.1/24"), get_address("1000::1/64"), get_subnetname("1000::/32")]').value).toEqual([24, '1000::1', '1000---32']);
    expect(() => run('return get_address("")')).toThrow('ParseAddr(""): unable to parse IP');
    expect(run('return is_conditionready({"status": {"conditions": [{"type": "Ready", "status": "True"}]}}, "Ready")').value).toBe(true);
    expect(run('return is_conditionready({}, "Ready")').value).toBe(false);
    expect(run('return str(is_conditionready)').value).toBe('<built-in function is_condition_ready>');
    expect(run('o = {"metadata": {}}\nr = add_finalizer(o, "f")\nreturn [o, r["resource"]]').value).toEqual([{ metadata: {} }, { metadata: { finalizers: ['f'] } }]);
  });
});
