// @vitest-environment jsdom
// The snapshot list: which two snapshots are compared by default (newest as B, the one before as A),
// what a click and a modifier-click pick, and what each entry says (result, commit, counts).
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotSummary } from '../../../src-shared/ipc/channels/engine';
import { patchSnapshots, useEngine } from '../run/engine-store';
import { defaultPair, SnapshotList } from './SnapshotList';

const snap = (id: string, patch: Partial<SnapshotSummary> = {}): SnapshotSummary => ({ id, createdAt: '2026-01-01T10:00:00Z', mode: 'once', objectCount: 3, ...patch });
const list = [snap('cccccccc3', { git: { commit: 'abcdef1234', dirty: true } }), snap('bbbbbbbb2', { success: false }), snap('aaaaaaaa1')];

const items = () => screen.getAllByTestId('snapshot-item');
const roles = () => items().map((i) => i.querySelector('.role')!.textContent);

beforeEach(() => {
  useEngine.getState().reset();
  patchSnapshots({ list, counts: { cccccccc3: { added: 1, modified: 2, deleted: 0, equal: 5 }, bbbbbbbb2: { added: 0, modified: 0, deleted: 1, equal: 4 } } });
});
afterEach(cleanup);

describe('SnapshotList', () => {
  it('compares the newest snapshot (B) with the one before it (A) by default', () => {
    render(<SnapshotList onPick={() => {}} />);
    expect(roles()).toEqual(['B', 'A', '']);
  });

  it('follows the chosen pair', () => {
    patchSnapshots({ from: 'aaaaaaaa1', to: 'cccccccc3' });
    render(<SnapshotList onPick={() => {}} />);
    expect(roles()).toEqual(['B', '', 'A']);
  });

  it('a click compares that snapshot with the one before it; the oldest has none', () => {
    const onPick = vi.fn();
    render(<SnapshotList onPick={onPick} />);
    fireEvent.click(items()[1]!);
    expect(onPick).toHaveBeenLastCalledWith('aaaaaaaa1', 'bbbbbbbb2');
    fireEvent.click(items()[2]!);
    expect(onPick).toHaveBeenLastCalledWith(null, 'aaaaaaaa1');
  });

  it('a modifier-click makes that snapshot the older side and keeps the newer one', () => {
    const onPick = vi.fn();
    render(<SnapshotList onPick={onPick} />);
    fireEvent.click(items()[2]!, { shiftKey: true });
    expect(onPick).toHaveBeenLastCalledWith('aaaaaaaa1', 'cccccccc3');
    fireEvent.click(items()[2]!, { altKey: true });
    expect(onPick).toHaveBeenCalledTimes(2);
  });

  it('shows the result, the commit with its dirty mark, and the counts against the previous snapshot', () => {
    render(<SnapshotList onPick={() => {}} />);
    const [newest, failed, first] = items();
    expect(newest!.textContent).toContain('⎇ abcdef1*');
    expect(newest!.querySelector('[data-testid="diff-counts"]')!.textContent).toBe('+1 ~2 -0');
    expect(failed!.textContent).toContain('✗');
    expect(first!.textContent).toContain('first');
  });

  it('says how to get snapshots when there are none', () => {
    patchSnapshots({ list: [] });
    render(<SnapshotList onPick={() => {}} />);
    expect(screen.getByText(/No snapshots yet/)).toBeTruthy();
    expect(defaultPair([], null, null)).toEqual({ from: undefined, to: undefined });
  });
});
