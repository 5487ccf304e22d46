// The packaging configuration keeps the fuses the Electron security guide asks for (issue 18 item 6).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findPackageRoot } from '../host/package-root.js';

describe('electron-builder.yml', () => {
  const config = parse(readFileSync(path.join(findPackageRoot(), 'electron-builder.yml'), 'utf8')) as { electronFuses?: Record<string, boolean>; asar?: boolean };

  it('flips the security fuses: no RunAsNode, encrypted cookies, only an integrity-checked app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // the renderer comes from app://, so file:// pages need no privileges beyond a browser's
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
