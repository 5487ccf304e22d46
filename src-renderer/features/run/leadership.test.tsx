// @vitest-environment jsdom
// Who leads, in the status bar and the prod view (Conditions): standalone on the file store; on etcd a
// follower names its leader, and a failover (a new prod.status with this instance leading) changes both at
// once; nothing shows in dev mode.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProdLeadership, ProdStatus } from '../../../src-shared/ipc/channels/engine';
import { installFakeClient } from '../../testing/fake-client';
import { ConditionsPanel } from '../conditions/ConditionsPanel';
import { patchProd, useEngine } from './engine-store';
import { LeadershipItem } from './EngineStatus';
import { leadershipText } from './leadership';

vi.mock('../../kit/VirtualRows', () => import('../../testing/stub-virtual-rows'));
vi.mock('../../kit/monaco-views', () => import('../../testing/stub-monaco'));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const STORE = 'etcd://127.0.0.1:2379/registry';
const record = (holderIdentity: string, leaderTransitions: number) => ({
  holderIdentity,
  project: 'hello-world',
  environment: 'prod',
  leaseDurationSeconds: 15,
  acquireTime: '2026-12-07T07:00:00.000000Z',
  renewTime: '2026-12-07T07:00:10.000000Z',
  leaderTransitions,
});
const follower: ProdLeadership = { store: STORE, role: 'follower', identity: 'vm/42/beef', leader: record('runner-a', 0), candidates: ['runner-a', 'vm/42/beef', 'runner-c'] };
const leader: ProdLeadership = { store: STORE, role: 'leader', identity: 'vm/42/beef', leader: record('vm/42/beef', 1), candidates: ['vm/42/beef', 'runner-c'] };

function prod(leadership: ProdLeadership | undefined, state: ProdStatus['state'] = 'running') {
  act(() => patchProd({ status: { state, events: 0, errors: 0, ...(leadership && { leadership }) } }));
}

function Both() {
  return (
    <>
      <LeadershipItem />
      <ConditionsPanel />
    </>
  );
}

beforeEach(() => {
  useEngine.getState().reset();
  installFakeClient({});
});
afterEach(cleanup);

describe('leadershipText', () => {
  it('says standalone on the file store, and why there is no election', () => {
    const t = leadershipText({ store: 'file', role: 'standalone' });
    expect(t).toMatchObject({ role: 'standalone', short: 'standalone' });
    expect(t.detail).toContain('no leader election');
  });

  it('names the leader of a follower, this instance, the lease and the other runners', () => {
    const t = leadershipText(follower);
    expect(t.short).toBe('follower of runner-a');
    expect(t.detail).toContain(`runner-a leads ${STORE}`);
    expect(t.detail).toContain('this instance (vm/42/beef) follows');
    expect(t.detail).toContain('15 s lease');
    expect(t.detail).toContain('Other runners: runner-c.');
  });

  it('a leader says so, with its leader changes; a follower with nobody leading says that', () => {
    expect(leadershipText(leader)).toMatchObject({ short: 'leader', detail: expect.stringContaining(`This instance (vm/42/beef) leads ${STORE} since`) });
    expect(leadershipText(leader).detail).toContain('1 leader changes');
    expect(leadershipText({ store: STORE, role: 'follower', identity: 'x' }).short).toBe('follower · nobody leads');
  });
});

describe('the status bar and the prod view', () => {
  it('show who leads and change together on a failover; nothing in dev mode', () => {
    render(<Both />);
    expect(screen.queryByTestId('status-leadership')).toBeNull();

    prod(follower);
    for (const id of ['status-leadership', 'prod-leadership']) {
      const el = screen.getByTestId(id);
      expect(el.dataset.role).toBe('follower');
      expect(el.textContent).toContain('follower of runner-a');
      expect(el.title).toContain('runner-a leads');
    }

    prod(leader); // the leader died; this instance took over
    for (const id of ['status-leadership', 'prod-leadership']) {
      const el = screen.getByTestId(id);
      expect(el.dataset.role).toBe('leader');
      expect(el.textContent).toContain('leader');
      expect(el.textContent).not.toContain('runner-a');
    }

    prod(undefined, 'stopped');
    expect(screen.queryByTestId('status-leadership')).toBeNull();
    expect(screen.queryByTestId('prod-leadership')).toBeNull();
  });

  it('say standalone on the file store', () => {
    render(<Both />);
    prod({ store: 'file', role: 'standalone' });
    expect(screen.getByTestId('status-leadership').textContent).toContain('standalone');
    expect(screen.getByTestId('prod-leadership').dataset.role).toBe('standalone');
  });
});
