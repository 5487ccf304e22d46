import { describe, expect, it } from 'vitest';
import { followProjectRoot, useProject } from './project';

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
  it('followProjectRoot: the open root now and at each change (another project, none, back after a drop), not on other updates', () => {
    const s = useProject.getState();
    s.setProject({ root: '/a', name: 'a', isGitRepo: false });
    const seen: (string | undefined)[] = [];
    const stop = followProjectRoot((root) => seen.push(root));
    s.setTree({ name: 'a', path: '', kind: 'dir', role: 'other', children: [] });
    s.setProject({ root: '/b', name: 'b', isGitRepo: false });
    s.setStatus('disconnected');
    s.setStatus('open');
    s.setProject(null);
    stop();
    s.setProject({ root: '/c', name: 'c', isGitRepo: false });
    expect(seen).toEqual(['/a', '/b', undefined, '/b', undefined]);
  });
});
