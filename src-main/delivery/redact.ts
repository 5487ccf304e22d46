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

/**
 * Redacts every string inside a JSON value (keys included), returning a copy. It walks the value rather
 * than the serialised text, so a short secret such as "t" can never break the JSON ("true" stays true).
 */
export function redactJson<T>(value: T, redact: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[redact(k)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(JSON.parse(JSON.stringify(value))) as T;
}
