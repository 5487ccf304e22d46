// The root: the gate (connecting, refused), the welcome screen or the shell, and the overlays every
// screen shares (palette, open-folder dialog, git prompts, the dialog queue, toasts).
import { CloneForm } from '../features/git/CloneForm';
import { GitOverlays } from '../features/git/GitPrompt';
import { OpenFolderDialog } from '../features/project/OpenFolderDialog';
import { Welcome } from '../features/project/Welcome';
import { Dialog } from '../kit/Dialog';
import { useProject } from '../state/project';
import { CommandPalette } from './CommandPalette';
import { AuthFailed, Connecting } from './Gate';
import { Shell } from './Shell';
import { Toasts } from './Toasts';

export function App() {
  const status = useProject((s) => s.status);
  let screen;
  if (status === 'connecting') screen = <Connecting />;
  else if (status === 'auth-failed') screen = <AuthFailed />;
  else if (status === 'open') screen = <Shell />;
  else screen = <Welcome cloneForm={<CloneForm />} />;
  return (
    <>
      {screen}
      <CommandPalette />
      <OpenFolderDialog />
      <GitOverlays />
      <Dialog />
      <Toasts />
    </>
  );
}
