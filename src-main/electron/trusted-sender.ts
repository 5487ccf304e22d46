// Only our own window, showing our own page, may call the host. Any other web contents (a devtools
// extension page, a navigated-away frame, an iframe with a foreign origin) is refused — the pattern of
// GitHub Desktop's trusted-ipc-sender.
import { pathToFileURL } from 'node:url';

export interface SenderEventLike {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export interface TrustPolicy {
  /** webContents ids of the windows we created. */
  windowIds: ReadonlySet<number>;
  /** The built renderer folder (file:// pages under it are ours). */
  distDir: string;
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
  if (parsed.protocol !== 'file:') return false;
  const base = pathToFileURL(policy.distDir).href.replace(/\/?$/, '/');
  return parsed.href.startsWith(base) && !decodeURIComponent(parsed.pathname).includes('/../');
}

export function isTrustedSender(event: SenderEventLike, policy: TrustPolicy): boolean {
  if (!policy.windowIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  return frame !== null && isTrustedUrl(frame.url, policy);
}
