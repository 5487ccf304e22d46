import { describe, expect, it } from 'vitest';
import { languageForPath, languageLabel } from './language';

describe('languageForPath', () => {
  it('maps Choreo file types to bundled languages', () => {
    expect(languageForPath('in/example.com.helloworlds.test.yaml')).toBe('yaml');
    expect(languageForPath('crds/x.YML')).toBe('yaml');
    expect(languageForPath('reconcilers/hello.star')).toBe('starlark');
    expect(languageForPath('libs/x.bzl')).toBe('starlark');
    expect(languageForPath('README.md')).toBe('markdown');
  });
  it('falls back to plain text for unknown or extensionless files', () => {
    expect(languageForPath('src/app.ts')).toBe('plaintext');
    expect(languageForPath('LICENSE')).toBe('plaintext');
    expect(languageLabel('starlark')).toBe('Starlark');
  });
});
