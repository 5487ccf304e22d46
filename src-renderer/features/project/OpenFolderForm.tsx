// Open a folder: a path field plus Browse… (the native picker where there is one; browser mode has
// none, and the host says `unavailable`, so the path field is the way).
import { useEffect, useState } from 'react';
import { openProject, pickFolder } from './project-controller';
import { useProject } from '../../state/project';

export function OpenFolderForm(props: { autoFocus?: boolean; onOpened?: () => void }) {
  const [path, setPath] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const status = useProject((s) => s.status);
  const error = useProject((s) => s.error);
  const transport = useProject((s) => s.app?.transport);
  const busy = status === 'opening';
  // An error from an earlier attempt does not belong to this form.
  useEffect(() => useProject.getState().setError(null), []);

  const submit = async (root = path) => {
    if (await openProject(root)) props.onOpened?.();
  };

  const browse = async () => {
    const r = await pickFolder();
    if (r.unavailable) {
      setHint('There is no folder picker in browser mode: type or paste the folder’s full path, then press Enter.');
      document.getElementById('open-folder-path')?.focus();
    } else if (r.root) {
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
        <input
          id="open-folder-path"
          className="text-input"
          placeholder="/path/to/project"
          aria-label="Project folder path"
          data-testid="open-folder-path"
          value={path}
          autoFocus={props.autoFocus}
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        <button type="button" className="btn" onClick={() => void browse()} disabled={busy} data-testid="browse-folder" title={transport === 'websocket' ? 'Browser mode has no native folder picker; type the path instead.' : 'Choose a folder'}>
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
      {hint && !error && <div className="form-hint">{hint}</div>}
    </form>
  );
}
