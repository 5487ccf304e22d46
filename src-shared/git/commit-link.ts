// The web page of a commit on the git hosts whose URL scheme is known, so the execution history and the
// Environments view can link a deployment to the commit it was published as (issue 15 item 6). Pure.

/**
 * A web page of the published commit for the hosts whose URL scheme is known (GitHub, GitLab, Gitea and
 * Forgejo, Bitbucket); undefined for others, which then show the repository URL and the commit id.
 */
export function commitWebUrl(p: { url: string; commit: string }): string | undefined {
  let u: URL;
  try {
    u = new URL(p.url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:') return undefined;
  const base = `https://${u.host}${u.pathname.replace(/\.git\/?$/, '').replace(/\/$/, '')}`;
  if (u.hostname === 'github.com' || u.hostname === 'codeberg.org' || u.hostname.startsWith('gitea.')) return `${base}/commit/${p.commit}`;
  if (u.hostname === 'gitlab.com' || u.hostname.startsWith('gitlab.')) return `${base}/-/commit/${p.commit}`;
  if (u.hostname === 'bitbucket.org') return `${base}/commits/${p.commit}`;
  return undefined;
}
