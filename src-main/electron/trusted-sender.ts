// Only our own window, showing our own page, may call the host. Any other web contents (a devtools
// extension page, a navigated-away frame, an iframe with a foreign origin) is refused — the pattern of
// GitHub Desktop's trusted-ipc-sender. Our page is served from app://choreo/ (./app-protocol.ts), or from
// the Vite dev server during development; file:// pages are never ours.

export interface SenderEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface TrustPolicy {
  /** webContents ids of the windows we created. */
  windowIds: ReadonlySet<number>;
  /** The origin our built renderer is served from (APP_ORIGIN, `app://choreo`). */
  appOrigin: string;
  /** The Vite dev server during development (VITE_DEV_SERVER_URL), if any. */
  devServerUrl?: string;
}

export function isTrustedUrl(url: string, policy: TrustPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (policy.devServerUrl) {
    try {
      if (parsed.origin === new URL(policy.devServerUrl).origin && parsed.protocol.startsWith('http')) return true;
    } catch {
      // a malformed dev server URL trusts nothing
    }
  }
  // A custom scheme's URL has the origin "null" in node's URL: compare scheme and host instead.
  const app = new URL(policy.appOrigin);
  return parsed.protocol === app.protocol && parsed.host === app.host && parsed.username === '' && parsed.password === '';
}

export function isTrustedSender(event: SenderEventLike, policy: TrustPolicy): boolean {
  if (!policy.windowIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  return frame !== null && isTrustedUrl(frame.url, policy);
}
