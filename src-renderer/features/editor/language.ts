// The Monaco language for a file, by extension. Only languages we bundle support for are named, so
// opening an unknown file never starts a worker we do not ship.
export function languageForPath(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot + 1) : '';
  switch (ext) {
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'star':
    case 'bzl':
    case 'sky':
    case 'starlark':
      return 'starlark';
    case 'json':
      return 'json';
    case 'md':
    case 'markdown':
      return 'markdown';
    case 'sh':
    case 'bash':
      return 'shell';
    case 'py':
      return 'python';
    default:
      if (name === 'dockerfile') return 'dockerfile';
      return 'plaintext';
  }
}

/** A short display name for a language (status bar). */
export function languageLabel(id: string): string {
  const labels: Record<string, string> = {
    yaml: 'YAML',
    starlark: 'Starlark',
    json: 'JSON',
    markdown: 'Markdown',
    shell: 'Shell',
    python: 'Python',
    dockerfile: 'Dockerfile',
    plaintext: 'Plain text',
  };
  return labels[id] ?? id;
}
