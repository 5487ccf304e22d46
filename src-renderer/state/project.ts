// The open project as the renderer knows it: connection, project info, file tree, recent projects.
import { create } from 'zustand';
import type { FileNode, ProjectInfo, RecentProject, Response } from '../../src-shared/ipc/contract';

export type AppInfo = Response<'app.info'>;

/**
 * connecting: talking to the host for the first time; auth-failed: the host refused us (browser mode
 * without a valid token); no-project: connected, nothing open (the welcome screen); opening; open;
 * disconnected: the host went away after we had connected.
 */
export type ConnectionStatus = 'connecting' | 'auth-failed' | 'no-project' | 'opening' | 'open' | 'disconnected';

export interface ProjectState {
  status: ConnectionStatus;
  app: AppInfo | null;
  info: ProjectInfo | null;
  tree: FileNode | null;
  recent: RecentProject[];
  /** The last project-level error (opening failed, host unreachable), shown where it happened. */
  error: string | null;
  /** Browser mode: the WebSocket's state after the first connection (the status bar shows "reconnecting…"). */
  link: 'open' | 'connecting' | 'closed';
  setLink(link: 'open' | 'connecting' | 'closed'): void;
  setStatus(status: ConnectionStatus, error?: string | null): void;
  setApp(app: AppInfo): void;
  setProject(info: ProjectInfo | null): void;
  setTree(tree: FileNode | null): void;
  setRecent(recent: RecentProject[]): void;
  setError(error: string | null): void;
}

export const useProject = create<ProjectState>()((set) => ({
  status: 'connecting',
  app: null,
  info: null,
  tree: null,
  recent: [],
  error: null,
  link: 'open',
  setLink: (link) => set({ link }),
  setStatus: (status, error) => set(error === undefined ? { status } : { status, error }),
  setApp: (app) => set({ app }),
  setProject: (info) => set({ info, status: info ? 'open' : 'no-project', tree: null, error: null }),
  setTree: (tree) => set({ tree }),
  setRecent: (recent) => set({ recent }),
  setError: (error) => set({ error }),
}));

/**
 * Follows the root of the open project: calls onChange now if one is open, and again whenever it changes
 * (another project, or undefined while none is open: closed, or the connection dropped). Returns the stop.
 */
export function followProjectRoot(onChange: (root: string | undefined) => void): () => void {
  let root: string | undefined;
  const check = (s: ProjectState) => {
    const next = s.status === 'open' ? s.info?.root : undefined;
    if (next === root) return;
    root = next;
    onChange(next);
  };
  check(useProject.getState());
  return useProject.subscribe(check);
}
