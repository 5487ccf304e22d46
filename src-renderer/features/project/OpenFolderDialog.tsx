import { OpenFolderForm } from './OpenFolderForm';
import { RecentList } from './RecentList';
import { useLayout } from '../../state/layout';

export function OpenFolderDialog() {
  const open = useLayout((s) => s.openFolderOpen);
  if (!open) return null;
  const close = () => useLayout.getState().setOpenFolder(false);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => e.target === e.currentTarget && close()}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Open folder" data-testid="open-folder-dialog" style={{ width: 'min(620px, 92vw)' }}>
        <h2>Open folder</h2>
        <p>The project folder holds crds/ (apis/ in earlier projects), in/, reconcilers/ and libs/.</p>
        <OpenFolderForm autoFocus onOpened={close} />
        <h2 style={{ fontSize: 11, textTransform: 'uppercase', letterSpacing: '.07em', color: 'var(--fg-muted)', margin: '18px 0 6px' }}>Recent</h2>
        <RecentList onOpened={close} />
      </div>
    </div>
  );
}
