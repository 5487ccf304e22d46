// Line icons for the activity bar and toolbar (24×24 viewBox, stroke = currentColor).
import type { ReactElement } from 'react';

const svg = (d: ReactElement, size = 20) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
    {d}
  </svg>
);

export const IconFiles = () =>
  svg(
    <>
      <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
      <path d="M14 3v5h5" />
    </>,
  );
export const IconGit = () =>
  svg(
    <>
      <circle cx="6" cy="5" r="2" />
      <circle cx="6" cy="19" r="2" />
      <circle cx="18" cy="8" r="2" />
      <path d="M6 7v10M18 10c0 5-6 4-11.5 7.5" />
    </>,
  );
export const IconRuns = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>,
  );
/** Run and Debug: a play triangle with a bug's body beside it, as VS Code draws it. */
export const IconDebug = () =>
  svg(
    <>
      <path d="M4 5v10l7.5-5z" />
      <rect x="13" y="11" width="7" height="9" rx="3.5" />
      <path d="M16.5 11v9M13 14.5h-2M20 14.5h2M13 18h-1.5M20 18h1.5M14.5 11l-1-1.5M18.5 11l1-1.5" />
    </>,
  );
export const IconEnvironments = () =>
  svg(
    <>
      <path d="M12 3 3 7.5 12 12l9-4.5z" />
      <path d="m3 12 9 4.5 9-4.5M3 16.5 12 21l9-4.5" />
    </>,
  );
export const IconGraph = () =>
  svg(
    <>
      <circle cx="5" cy="12" r="2" />
      <circle cx="18" cy="5" r="2" />
      <circle cx="18" cy="19" r="2" />
      <path d="m7 11 9-5M7 13l9 5" />
    </>,
  );
export const IconResources = () =>
  svg(
    <>
      <rect x="3.5" y="4" width="17" height="16" rx="1.5" />
      <path d="M3.5 9h17M3.5 14h17M9 9v11" />
    </>,
  );
export const IconPlay = () => svg(<path d="M7 5v14l11-7z" fill="currentColor" stroke="none" />, 14);
export const IconStop = () => svg(<rect x="6" y="6" width="12" height="12" rx="1.5" fill="currentColor" stroke="none" />, 13);
export const IconSun = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </>,
    16,
  );
export const IconMoon = () => svg(<path d="M20 14.5A8 8 0 0 1 9.5 4 8 8 0 1 0 20 14.5z" />, 16);
export const IconCommand = () =>
  svg(<path d="M9 6a3 3 0 1 0-3 3h12a3 3 0 1 0-3-3v12a3 3 0 1 0 3-3H6a3 3 0 1 0 3 3z" />, 15);
export const IconRefresh = () =>
  svg(
    <>
      <path d="M20 11a8 8 0 0 0-14.6-4.5L4 8" />
      <path d="M4 4v4h4M4 13a8 8 0 0 0 14.6 4.5L20 16" />
      <path d="M20 20v-4h-4" />
    </>,
    15,
  );
export const IconCollapse = () => svg(<path d="M7 14l5-5 5 5M7 19l5-5 5 5" />, 15);
export const IconClose = () => svg(<path d="M6 6l12 12M18 6 6 18" />, 14);
export const IconMaximize = () => svg(<path d="m6 15 6-6 6 6" />, 15);
export const IconRestore = () => svg(<path d="m6 9 6 6 6-6" />, 15);
export const IconSettings = () =>
  svg(
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
    </>,
  );
