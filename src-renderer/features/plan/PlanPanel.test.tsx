// @vitest-environment jsdom
// The Plan panel while a plan is planned again: the last plan stays listed with a quiet busy mark (no
// "planning…" text that comes and goes); only the first plan says "planning…". Field changes keep their
// path and values as pieces (the line wraps between them).
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { changedText, planResponse } from '../../testing/responses';
import { PlanPanel } from './PlanPanel';
import { initialPlanState, patchSlot, usePlan } from './plan-store';

vi.mock('../../kit/monaco-views', () => import('../../testing/stub-monaco'));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const result = planResponse({ items: [changedText('hello world', 'hello choreo')], counts: { add: 0, change: 1, destroy: 0 }, durationMs: 12 });

beforeEach(() => usePlan.setState({ ...initialPlanState }));
afterEach(cleanup);

describe('PlanPanel', () => {
  it('says "planning…" for the first plan only; planning again keeps the last plan with a busy mark', () => {
    act(() => patchSlot('buffers', { state: 'planning' }));
    render(<PlanPanel />);
    expect(screen.getByTestId('plan-planning').textContent).toBe('planning…');
    expect(screen.queryByTestId('plan-busy')).toBeNull();

    act(() => patchSlot('buffers', { state: 'ready', result }));
    expect(screen.queryByTestId('plan-planning')).toBeNull();
    expect(screen.getByTestId('plan-busy').dataset.busy).toBe('false');
    expect(screen.getAllByTestId('plan-item')).toHaveLength(1);

    act(() => patchSlot('buffers', { state: 'planning' }));
    expect(screen.queryByTestId('plan-planning')).toBeNull();
    expect(screen.getByTestId('plan-busy').dataset.busy).toBe('true');
    expect(screen.getAllByTestId('plan-item')).toHaveLength(1);
    expect(screen.getByTestId('plan-summary').textContent).toContain('1 object would change');
  });

  it('shows a field change as its path and values, reading as one line', () => {
    act(() => patchSlot('buffers', { state: 'ready', result }));
    render(<PlanPanel />);
    const line = screen.getByTestId('plan-change');
    expect(line.textContent).toBe('~ spec.text: "hello world" → "hello choreo"');
    expect(line.title).toBe(line.textContent);
    expect([...line.querySelectorAll('.plan-change-value')].map((v) => v.textContent)).toEqual(['"hello world"', '"hello choreo"']);
  });
});
