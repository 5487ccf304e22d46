// Clone a repository from the welcome screen: the https URL, the folder to clone into (user mode), or a
// tag/commit to pin (choreo mode, in an app workspace). Progress streams in below the form; a private
// repository asks for credentials; the clone opens when it is done.
import { useState } from 'react';
import { TextInput } from '../../kit/TextInput';
import { useGit } from './git-store';
import { cloneProblem, progressFraction, progressText, repoNameOf } from './git-model';
import { cloneRepository } from './git-remote-controller';
import './git.css';

export function CloneForm() {
  const [url, setUrl] = useState('');
  const [dir, setDir] = useState('');
  const [dirTouched, setDirTouched] = useState(false);
  const [ref, setRef] = useState('');
  const [pinned, setPinned] = useState(false);
  const [tried, setTried] = useState(false);
  const busy = useGit((s) => s.busy === 'Clone');
  const progress = useGit((s) => (s.busy === 'Clone' ? s.progress : null));
  const error = useGit((s) => (s.error?.op === 'Clone' ? s.error.message : null));
  const problem = cloneProblem(url, dir, pinned ? ref : '');
  const fraction = progressFraction(progress);
  const typeUrl = (value: string) => {
    setUrl(value);
    // Suggest a folder named after the repository until the user types their own.
    const name = repoNameOf(value);
    if (!dirTouched) setDir(name ? `~/choreo/${name}` : '');
  };
  const typeDir = (value: string) => {
    setDir(value);
    setDirTouched(true);
  };
  return (
    <form
      className="git-clone"
      data-testid="clone-form"
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (!problem && !busy) void cloneRepository({ url, dir, ...(pinned ? { ref } : {}) });
      }}
    >
      <TextInput className="text-input mono" placeholder="https://github.com/org/repo.git" label="Repository URL" value={url} onChange={typeUrl} testId="clone-url" />
      {!pinned && <TextInput className="text-input mono" placeholder="~/choreo/repo (an empty or new folder)" label="Folder to clone into" value={dir} onChange={typeDir} testId="clone-dir" />}
      <label className="git-clone-pin">
        <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} /> Pin to a tag or commit (choreo mode, read-only)
      </label>
      {pinned && <TextInput className="text-input mono" placeholder="v1.0.0 or a commit hash" label="Reference" value={ref} onChange={setRef} testId="clone-ref" />}
      <div className="git-clone-row">
        <button type="submit" className="btn primary" disabled={busy} data-testid="clone-submit">
          {busy ? 'Cloning…' : 'Clone and open'}
        </button>
        {busy && <span className="subtle">{progress ? progressText(progress) : 'Connecting…'}</span>}
      </div>
      {busy && (
        <div className={`git-progress ${fraction === null ? 'indeterminate' : ''}`} style={{ margin: 0 }}>
          {fraction !== null && <div className="fill" style={{ width: `${fraction * 100}%` }} />}
        </div>
      )}
      {tried && problem && <div className="form-error">{problem}</div>}
      {error && !busy && (
        <div className="form-error" role="alert" data-testid="clone-error">
          {error}
        </div>
      )}
    </form>
  );
}
