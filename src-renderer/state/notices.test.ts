import { beforeEach, describe, expect, it } from 'vitest';
import { clearNotices, notify, useNotices } from './notices';

beforeEach(() => useNotices.setState({ notices: [] }));

const messages = () => useNotices.getState().notices.map((n) => n.message);

describe('notices', () => {
  it('a notice with a key replaces the older one about the same cause', () => {
    notify('error', 'in/a.yaml does not validate', { key: 'input:in/a.yaml' });
    notify('error', 'in/b.yaml does not validate', { key: 'input:in/b.yaml' });
    notify('error', 'in/a.yaml still does not validate', { key: 'input:in/a.yaml' });
    expect(messages()).toEqual(['in/b.yaml does not validate', 'in/a.yaml still does not validate']);
  });

  it('clearNotices removes only the notices about the fixed cause', () => {
    notify('warning', 'unrelated');
    notify('error', 'in/a.yaml does not validate', { key: 'input:in/a.yaml' });
    clearNotices('input:in/a.yaml');
    expect(messages()).toEqual(['unrelated']);
    clearNotices('input:in/a.yaml');
    expect(messages()).toEqual(['unrelated']);
  });

  it('keeps the action with the notice', () => {
    let ran = 0;
    notify('warning', 'code changed', { key: 'code', action: { label: 'Restart', run: () => void ran++ } });
    const n = useNotices.getState().notices[0]!;
    expect(n.action?.label).toBe('Restart');
    void n.action!.run();
    expect(ran).toBe(1);
  });
});
