// Open a folder: a path field plus Browse… (the native picker where there is one; browser mode has
// none, the host says `unavailable`, and Browse… shows our own picker over the host's folders).
import { useEffect, useState } from 'react';
import { TextInput } from '../../kit/TextInput';
import { FolderPicker } from './FolderPicker';
import { isPathInput } from './folder-picker-model';
import { openProject, pickFolder } from './project-controller';
import { useProject } from '../../state/project';

export function OpenFolderForm(props: { autoFocus?: boolean; onOpened?: () => void }) {
  const [path, setPath] = useState('');
  const [picking, setPicking] = useState(false);
  const status = useProject((s) => s.status);
  const error = useProject((s) => s.error);
  const projectRoot = useProject((s) => s.info?.root);
  const busy = status === 'opening';
  // An error from an earlier attempt does not belong to this form.
  useEffect(() => useProject.getState().setError(null), []);

  const submit = async (root = path) => {
    if (await openProject(root)) props.onOpened?.();
  };

  const browse = async () => {
    const r = await pickFolder();
    if (r.unavailable) setPicking(true);
    else if (r.root) {
      setPath(r.root);
      await submit(r.root);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="open-row">
        <TextInput id="open-folder-path" placeholder="/path/to/project" label="Project folder path" testId="open-folder-path" value={path} autoFocus={props.autoFocus} onChange={setPath} />
        <button type="button" className="btn" onClick={() => void browse()} disabled={busy} data-testid="browse-folder" title="Choose a folder">
          Browse…
        </button>
        <button type="submit" className="btn primary" disabled={busy || !path.trim()} data-testid="open-folder-submit">
          {busy ? 'Opening…' : 'Open'}
        </button>
      </div>
      {error && (
        <div className="form-error" role="alert" data-testid="open-folder-error">
          {error}
        </div>
      )}
      {picking && (
        <FolderPicker
          // Start at the typed path, else beside the open project, else at the browse root.
          start={isPathInput(path.trim()) ? path.trim() : parentOf(projectRoot)}
          onCancel={() => {
            setPicking(false);
            document.getElementById('open-folder-path')?.focus();
          }}
          onPick={(root) => {
            setPicking(false);
            setPath(root);
            void submit(root);
          }}
        />
      )}
    </form>
  );
}

function parentOf(root: string | undefined): string | undefined {
  if (!root) return undefined;
  const cut = Math.max(root.lastIndexOf('/'), root.lastIndexOf('\\'));
  return cut > 0 ? root.slice(0, cut) : undefined;
}
