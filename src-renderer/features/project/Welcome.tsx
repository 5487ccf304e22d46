// The start screen when no project is open: open a folder, recent projects, the bundled example, and
// a short explanation of what a Choreo project holds. The clone form is the git feature's: the shell
// passes it in, so this feature does not depend on git's views (git depends on this one's controller).
import type { ReactNode } from 'react';
import { useProject } from '../../state/project';
import { CHOREO_FOLDERS, roleInfo } from './tree-model';
import { OpenFolderForm } from './OpenFolderForm';
import { openProject } from './project-controller';
import { RecentList } from './RecentList';

export function Welcome({ cloneForm }: { cloneForm: ReactNode }) {
  const example = useProject((s) => s.app?.exampleProject);
  return (
    <div className="welcome" data-testid="welcome">
      <div className="welcome-inner">
        <h1>
          <span className="logo">◉</span> Choreo Studio
        </h1>
        <p className="lead">Edit, run and compare Choreo projects: KRM YAML plus the Starlark logic that derives resources from it.</p>
        <div className="welcome-grid">
          <div>
            <section>
              <h2>Open folder</h2>
              <OpenFolderForm autoFocus />
            </section>
            <section>
              <h2>Start from an example</h2>
              {example ? (
                <ul className="link-list">
                  <li>
                    <button onClick={() => void openProject(example)} data-testid="open-example">
                      <span className="name">hello-world</span>
                      <span className="where">the bundled example: Greeters, a reconciler and a library that derive Messages</span>
                    </button>
                  </li>
                </ul>
              ) : (
                <p className="muted" style={{ margin: 0 }}>
                  Run <code className="mono">choreo server start</code> without a folder to open the bundled hello-world example.
                </p>
              )}
            </section>
            <section>
              <h2>Clone repository</h2>
              {cloneForm}
            </section>
          </div>
          <div>
            <section>
              <h2>Recent</h2>
              <RecentList />
            </section>
            <section>
              <h2>A Choreo project</h2>
              <ul className="link-list">
                {CHOREO_FOLDERS.map((f) => (
                  <li key={f} style={{ display: 'flex', gap: 8, padding: '3px 6px' }}>
                    <span className="mono" style={{ color: 'var(--accent)', minWidth: 92 }}>
                      {f}/
                    </span>
                    <span className="muted" style={{ fontSize: 12 }}>
                      {roleInfo[f].description}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          </div>
        </div>
      </div>
    </div>
  );
}
