// Redaction of secret values from everything delivery writes or shows: logs, history, snapshots, diffs and
// object views. A value is replaced wherever it appears, also in its JSON-escaped form.
export const REDACTED = '«redacted»';

export interface Redactor {
  (text: string): string;
  readonly count: number;
}

/** Builds a redactor for the given secret values (empty values are ignored; longest first). */
export function makeRedactor(values: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    forms.add(v);
    const escaped = JSON.stringify(v).slice(1, -1);
    if (escaped !== v) forms.add(escaped);
  }
  const list = [...forms].sort((a, b) => b.length - a.length);
  const fn = ((text: string) => {
    let out = text;
    for (const f of list) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  }) as Redactor;
  Object.defineProperty(fn, 'count', { value: list.length });
  return fn;
}

/** Redacts every string inside a JSON value (keys included), returning a copy. */
export function redactJson<T>(value: T, redact: (s: string) => string): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
