// Screens shown instead of the workbench: connecting, and the host refusing us (no or wrong token).
import { useProject } from '../state/project';

export function Connecting() {
  return (
    <div className="gate" data-testid="connecting">
      <div className="muted">Connecting to Choreo Studio…</div>
    </div>
  );
}

export function AuthFailed() {
  const error = useProject((s) => s.error);
  const electron = typeof window !== 'undefined' && 'choreo' in window;
  if (electron) {
    return (
      <div className="gate" data-testid="auth-failed">
        <div className="gate-card">
          <h1>
            <span className="dot-error">⊗</span> Cannot reach the Choreo Studio host
          </h1>
          <p>The window could not talk to the app's main process. Restart Choreo Studio; if it keeps happening, report it with the reason below.</p>
          {error && <p className="reason">{error}</p>}
        </div>
      </div>
    );
  }
  return (
    <div className="gate" data-testid="auth-failed">
      <div className="gate-card" role="alert">
        <h1>
          <span className="dot-error">⊗</span> Missing or invalid token
        </h1>
        <p>
          This page talks to a Choreo Studio server that only answers pages carrying its access token. The token in this address is missing
          or invalid, or the server has stopped.
        </p>
        <p>
          Open the full address that <code>choreo server start</code> printed, for example <code>http://127.0.0.1:PORT/?token=…</code>. The
          token changes every time the server starts.
        </p>
        {error && <p className="reason">Reason: {error}</p>}
      </div>
    </div>
  );
}
