// The committed list of conformance chunks known to fail (known-failures.txt): one `suite/file#chunk  reason`
// per line. A listed chunk that fails is skipped, not failed; a listed chunk that passes is a failure, so the
// list stays true and only shrinks.

export interface KnownFailure {
  id: string;
  reason: string;
}

const HEADER = [
  '# Starlark conformance chunks that fail with the current interpreter (see run-conformance.ts).',
  '# Format: suite/file#chunk  reason. This list only shrinks: fix a chunk, then remove its line',
  '# (or regenerate with `npm run test:conformance -- --update-known-failures` and review the diff).',
];

export function parseKnownFailures(text: string): Map<string, KnownFailure> {
  const out = new Map<string, KnownFailure>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line);
    if (m) out.set(m[1], { id: m[1], reason: m[2] });
  }
  return out;
}

/** One line per entry, in the given order; reasons are single-line and shortened. */
export function formatKnownFailures(entries: KnownFailure[]): string {
  const lines = entries.map((e) => {
    const reason = e.reason.replace(/\s+/g, ' ').trim();
    return `${e.id}  ${reason.length > 160 ? reason.slice(0, 157) + '...' : reason}`;
  });
  return [...HEADER, ...lines, ''].join('\n');
}
