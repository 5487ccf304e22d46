import { Welcome } from '../features/project/Welcome';
import { GitOverlays } from '../features/git/GitPrompt';
import { useProject } from '../state/project';
import { CommandPalette } from './CommandPalette';
import { Dialog } from '../kit/Dialog';
import { AuthFailed, Connecting } from './Gate';
import { OpenFolderDialog } from '../features/project/OpenFolderDialog';
import { Shell } from './Shell';
import { Toasts } from './Toasts';

export function App() {
  const status = useProject((s) => s.status);
  let screen;
  if (status === 'connecting') screen = <Connecting />;
  else if (status === 'auth-failed') screen = <AuthFailed />;
  else if (status === 'open') screen = <Shell />;
  else screen = <Welcome />;
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
