// The Open Folder dialog (palette, File menu): the path form and the recent projects.
import { Modal } from '../../kit/Modal';
import { OpenFolderForm } from './OpenFolderForm';
import { RecentList } from './RecentList';
import { useLayout } from '../../state/layout';

export function OpenFolderDialog() {
  const open = useLayout((s) => s.openFolderOpen);
  if (!open) return null;
  const close = () => useLayout.getState().setOpenFolder(false);
  return (
    <Modal
      title="Open folder"
      message="The project folder holds crds/ (apis/ in earlier projects), in/, reconcilers/ and libs/."
      onCancel={close}
      closeOnOutside
      testId="open-folder-dialog"
      style={{ width: 'min(620px, 92vw)' }}
    >
      <OpenFolderForm autoFocus onOpened={close} />
      <h2 style={{ fontSize: 11, textTransform: 'uppercase', letterSpacing: '.07em', color: 'var(--fg-muted)', margin: '18px 0 6px' }}>Recent</h2>
      <RecentList onOpened={close} />
    </Modal>
  );
}
