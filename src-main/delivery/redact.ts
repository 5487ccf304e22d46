// Redaction of secret values from everything delivery writes or shows: logs, history, snapshots, diffs and
// object views. A value is replaced wherever it appears, also in its JSON-escaped form, and so are the
// values a reconciler commonly derives from it (case changes, reversed, trimmed, base64, hex, URL-encoded):
// `tok.upper()` used to reach the log in plaintext. Values derived in other ways (a slice, a hash, mixed
// with other text) cannot be recognised; the UI says so next to the logs.
export const REDACTED = '«redacted»';

export interface Redactor {
  (text: string): string;
  readonly count: number;
}

/** Derived forms shorter than this are not redacted: they would blank out ordinary words. */
const MIN_DERIVED_LENGTH = 4;

/** The forms of a secret a reconciler commonly produces from it, besides the value itself. */
export function derivedForms(v: string): string[] {
  const bytes = Buffer.from(v, 'utf8');
  const title = v.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
  return [
    v.toUpperCase(),
    v.toLowerCase(),
    v.charAt(0).toUpperCase() + v.slice(1).toLowerCase(),
    title,
    [...v].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
    [...v].reverse().join(''),
    v.trim(),
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    encodeURIComponent(v),
  ].filter((f) => f !== v && f.length >= MIN_DERIVED_LENGTH);
}

/** Builds a redactor for the given secret values and their derived forms (empty values are ignored; longest first). */
export function makeRedactor(values: Iterable<string>): Redactor {
  const forms = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    for (const f of [v, ...derivedForms(v)]) {
      forms.add(f);
      const escaped = JSON.stringify(f).slice(1, -1);
      if (escaped !== f) forms.add(escaped);
    }
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
