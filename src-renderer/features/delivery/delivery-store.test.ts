import { describe, expect, it } from 'vitest';
import type { ConfigEntry, Deployment, EnvironmentOverview, Execution } from '../../../src-shared/ipc/channels/delivery';
import { effectiveConfig, filterHistory, initialFilters, nextEnvironment, rollbackTarget } from './delivery-store';

const exec = (p: Partial<Execution>): Execution => ({ id: 'x-1', kind: 'build', trigger: 'manual', dirty: false, startedAt: '2026-01-10T00:00:00Z', status: 'succeeded', ...p });
const dep = (p: Partial<Deployment>): Deployment => ({ id: 'd', env: 'production', buildId: 'b', commit: 'c', createdAt: '2026-01-01T00:00:00Z', reason: 'deploy', trigger: 'manual', config: {}, secretKeys: [], status: 'superseded', executionId: 'x', ...p });

describe('delivery state helpers', () => {
  it('filters the history by environment, kind, status, age and text', () => {
    const now = Date.parse('2026-01-20T00:00:00Z');
    const list = [exec({ id: 'x-a', env: 'development' }), exec({ id: 'x-b', kind: 'promotion', env: 'production', summary: 'promoted abc' }), exec({ id: 'x-old', startedAt: '2025-01-01T00:00:00Z' })];
    expect(filterHistory(list, initialFilters, now).map((e) => e.id)).toEqual(['x-a', 'x-b']);
    expect(filterHistory(list, { ...initialFilters, env: 'production' }, now).map((e) => e.id)).toEqual(['x-b']);
    expect(filterHistory(list, { ...initialFilters, kind: 'build', sinceDays: null }, now).map((e) => e.id)).toEqual(['x-a', 'x-old']);
    expect(filterHistory(list, { ...initialFilters, text: 'ABC' }, now).map((e) => e.id)).toEqual(['x-b']);
    expect(filterHistory(list, { ...initialFilters, status: 'failed' }, now)).toEqual([]);
  });

  it('an environment inherits global values; its own value wins; secrets carry no value', () => {
    const at = '2026-01-01T00:00:00Z';
    const entries: ConfigEntry[] = [
      { scope: 'all', key: 'a', secret: false, value: '1', updatedAt: at },
      { scope: 'all', key: 'b', secret: false, value: '2', updatedAt: at },
      { scope: 'production', key: 'b', secret: true, updatedAt: at },
    ];
    const eff = effectiveConfig(entries, 'production');
    expect(eff.map((e) => [e.key, e.inherited, e.secret, e.value])).toEqual([
      ['a', true, false, '1'],
      ['b', false, true, undefined],
    ]);
  });

  it('finds the next environment and the rollback target', () => {
    const envs = ['development', 'production'].map((id) => ({ env: { id, name: id, createdAt: '' }, runner: 'running', missingKeys: [] }) as EnvironmentOverview);
    expect(nextEnvironment(envs, 'development')?.env.id).toBe('production');
    expect(nextEnvironment(envs, 'production')).toBeUndefined();
    const deps = [dep({ id: 'd1', createdAt: '2026-01-01T00:00:00Z' }), dep({ id: 'd2', createdAt: '2026-01-02T00:00:00Z', status: 'refused' }), dep({ id: 'd3', createdAt: '2026-01-03T00:00:00Z', status: 'active' })];
    expect(rollbackTarget(deps, 'production', 'd3')?.id).toBe('d1');
    expect(rollbackTarget(deps, 'development', undefined)).toBeUndefined();
  });
});
