import { OpenFolderForm } from '../features/welcome/OpenFolderForm';
import { useLayout } from '../state/layout';

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
      <div className="dialog" role="dialog" aria-modal="true" aria-label="Open folder" style={{ width: 'min(620px, 92vw)' }}>
        <h2>Open folder</h2>
        <p>The project folder holds crds/, in/, reconcilers/ and libs/.</p>
        <OpenFolderForm autoFocus onOpened={close} />
      </div>
    </div>
  );
}
