// YAML output with keys sorted at every level (Go struct → JSON → YAML), literal blocks for
// multi-line strings and YAML 1.1 quoting (so "yes"/"on" stay strings when read back).
import YAML from 'yaml';

const stringifyOptions = {
  version: '1.1' as const,
  sortMapEntries: true,
  lineWidth: 0,
  minContentWidth: 0,
  blockQuote: 'literal' as const,
  aliasDuplicateObjects: false,
  indentSeq: false,
};

export function toYaml(value: unknown): string {
  return YAML.stringify(value, stringifyOptions);
}

/** Several objects as one multi-document YAML text. */
export function toYamlDocuments(values: unknown[]): string {
  return values.map(toYaml).join('---\n');
}

/** JSON with keys sorted at every level (canonical form for hashing and comparing). */
export function canonicalJson(value: unknown, indent?: number): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
