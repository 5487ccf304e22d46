// "Compare with…" of an environment: the sides it asks the Snapshots panel for (by name, or by id when the
// name holds a space, which a side cannot), and the picker preset.
import { beforeEach, describe, expect, it } from 'vitest';
import { useLayout } from '../../state/layout';
import { useEngine } from '../run/engine-store';
import { compareEnvironment } from './delivery-controller';

const env = (id: string, name: string) => ({ id, name, createdAt: '2026-01-01T00:00:00Z' });

beforeEach(() => useEngine.getState().reset());

describe('compareEnvironment', () => {
  it('compares with another environment or the last run, and shows the Snapshots panel', () => {
    compareEnvironment(env('e-1', 'development'), env('e-2', 'production'));
    expect(useEngine.getState().snapshots).toMatchObject({ from: 'env:development', to: 'env:production', pick: null });
    expect(useLayout.getState()).toMatchObject({ panelVisible: true, panelTab: 'snapshots' });
    compareEnvironment(env('e-1', 'development'), 'last-run');
    expect(useEngine.getState().snapshots).toMatchObject({ from: 'env:development', to: 'latest' });
  });

  it('names an environment whose name holds a space by its id', () => {
    compareEnvironment(env('e-3', 'pre prod'), env('e-2', 'production'));
    expect(useEngine.getState().snapshots).toMatchObject({ from: 'env:e-3', to: 'env:production' });
  });

  it('"pick" presets the compare picker (this environment against the last run) and leaves the diff shown alone', () => {
    compareEnvironment(env('e-1', 'development'), 'pick');
    expect(useEngine.getState().snapshots).toMatchObject({ from: null, to: null, pick: { from: 'env:development', to: 'latest' } });
  });
});
