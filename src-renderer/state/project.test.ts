import { describe, expect, it } from 'vitest';
import { useProject } from './project';

describe('project store', () => {
  it('opening a project sets the status and clears the old tree and error', () => {
    const s = useProject.getState();
    s.setTree({ name: 'x', path: '', kind: 'dir', role: 'other', children: [] });
    s.setError('boom');
    s.setProject({ root: '/p', name: 'p', isGitRepo: false });
    expect(useProject.getState()).toMatchObject({ status: 'open', tree: null, error: null });
    s.setProject(null);
    expect(useProject.getState().status).toBe('no-project');
  });
  it('keeps the previous error when the status changes without one', () => {
    const s = useProject.getState();
    s.setStatus('disconnected', 'Host closed the connection');
    s.setStatus('connecting');
    expect(useProject.getState().error).toBe('Host closed the connection');
  });
});
