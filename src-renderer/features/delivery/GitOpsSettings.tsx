// The GitOps row of an environment's column: where each deployment of the environment is published (an
// https repository and a branch), set, changed or removed here; optional credentials for the repository's
// host go to the app's encrypted credential store (the one Source Control uses), never to the environment.
// Also PublishedCommit: the commit a deployment or execution was published as, with its web page when the
// host is known (copied, since the app never navigates away).
import { useState } from 'react';
import type { DeliveryEnvironment, PublishedCommit as Published } from '../../../src-shared/ipc/channels/delivery';
import { commitWebUrl } from '../../../src-shared/git/commit-link';
import { setGitOps } from './delivery-controller';
import { shortId, useDelivery } from './delivery-store';

export function GitOpsSettings({ env }: { env: DeliveryEnvironment }) {
  const busy = useDelivery((s) => s.busy !== null);
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(env.gitops?.url ?? '');
  const [branch, setBranch] = useState(env.gitops?.branch ?? env.id);
  const [username, setUsername] = useState('');
  const [token, setToken] = useState('');
  const tid = `env-${env.id}-gitops`;
  const edit = () => {
    setUrl(env.gitops?.url ?? '');
    setBranch(env.gitops?.branch ?? env.id);
    setUsername('');
    setToken('');
    setEditing(true);
  };
  return (
    <div className="dlv-gitops" data-testid={tid}>
      {!editing && (
        <div className="dlv-row">
          {env.gitops ? (
            <span className="mono dlv-ellipsis dlv-grow" title={`Each deployment is committed to ${env.gitops.url}, branch ${env.gitops.branch}`} data-testid={`${tid}-target`}>
              {env.gitops.branch} · {env.gitops.url}
            </span>
          ) : (
            <span className="muted dlv-grow" data-testid={`${tid}-target`}>
              not published
            </span>
          )}
          <button className="btn ghost" disabled={busy} onClick={edit} data-testid={`${tid}-edit`} title="Publish each deployment of this environment to a git repository (for Argo CD or Flux)">
            {env.gitops ? 'Change' : 'Set up'}
          </button>
          {env.gitops && (
            <button className="btn ghost danger" disabled={busy} onClick={() => void setGitOps(env.id, undefined)} data-testid={`${tid}-remove`} title="Stop publishing">
              ✕
            </button>
          )}
        </div>
      )}
      {editing && (
        <form
          className="dlv-form"
          onSubmit={(e) => {
            e.preventDefault();
            const credentials = token ? { username: username.trim(), token } : undefined;
            void setGitOps(env.id, { url: url.trim(), branch: branch.trim() }, credentials).then((r) => r && setEditing(false));
          }}
        >
          <input className="dlv-input" placeholder="https://host/owner/repo.git" value={url} onChange={(e) => setUrl(e.target.value)} data-testid={`${tid}-url`} aria-label="Repository URL" autoFocus />
          <input className="dlv-input" placeholder="branch" value={branch} onChange={(e) => setBranch(e.target.value)} data-testid={`${tid}-branch`} aria-label="Branch" />
          <div className="dlv-row">
            <input className="dlv-input" placeholder="username (optional)" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} aria-label="Username for the repository's host" />
            <input className="dlv-input" type="password" placeholder="token (optional)" autoComplete="new-password" value={token} onChange={(e) => setToken(e.target.value)} data-testid={`${tid}-token`} aria-label="Access token for the repository's host" />
          </div>
          <div className="muted">A token is stored encrypted for the host, as in Source Control; leave it empty to use the stored one.</div>
          <div className="dlv-row dlv-end">
            <button className="btn ghost" type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button className="btn primary" type="submit" disabled={!url.trim() || !branch.trim() || busy} data-testid={`${tid}-save`}>
              Save
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** `published 1a2b3c4d5e6f → branch`, the whole reference in the tooltip, and a copy of the commit's page (or id). */
export function PublishedCommit({ published, testId }: { published: Published; testId?: string }) {
  const web = commitWebUrl(published);
  const [copied, setCopied] = useState(false);
  return (
    <span className="dlv-published" data-testid={testId} data-commit={published.commit} title={`${published.commit} on ${published.branch} of ${published.url}${published.unchanged ? ' (the branch already held these objects)' : ''}`}>
      <span className="muted">published</span> <span className="mono">{shortId(published.commit)}</span> <span className="muted">→ {published.branch}</span>
      <button
        className="btn ghost"
        type="button"
        title={web ? `Copy ${web}` : 'Copy the commit id'}
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(web ?? published.commit).then(() => setCopied(true));
        }}
      >
        {copied ? 'copied' : web ? 'copy link' : 'copy id'}
      </button>
    </span>
  );
}
