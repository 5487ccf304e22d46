// Reading multi-document YAML files the way Choreo does (engine.md §1.1 "YAML document splitting"):
// split at `---` separator lines, parse each document with YAML 1.1 scalar rules, and keep the line
// each document starts at so errors and objects can point at file:line.
import YAML, { type Tags } from 'yaml';
import { FALLBACK, fastParseYaml } from './fast-parse.js';

export interface YamlDocument {
  /** 0-based index of the document in the file. */
  index: number;
  /** 1-based line where the document's text starts in the file. */
  line: number;
  /** The parsed value (null for an empty document). */
  value: unknown;
}

export class YamlError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;
  constructor(file: string, line: number, column: number, detail: string) {
    super(`${file}:${line}:${column}: invalid YAML: ${detail}`);
    this.name = 'YamlError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}

// YAML 1.1 booleans (yes/no/on/off) and numbers as sigs.k8s.io/yaml reads them, but timestamps stay
// strings and `1:20` is not a base-60 number (Go decodes both as plain strings into interface{}).
// Floats as go-yaml resolves them: only what Go's strconv.ParseFloat reads (after removing `_` when the
// text starts with a digit or sign). The yaml package's YAML 1.1 patterns also take `.`, `+.`, `._` and
// `e5` for floats (NaN), which would turn the `.: {}` keys of managedFields and such values into numbers.
const GO_FLOAT = /^(?:[0-9][0-9_]*\.[0-9_]*|[-+](?=[0-9_.]*[0-9])[0-9_]*\.[0-9_]*|\.[0-9]+)$/;
const GO_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?|[-+](?=[0-9_.]*[0-9])[0-9_]*\.[0-9_]*|\.[0-9]+)[eE][-+]?[0-9]+$/;

const customTags = (tags: Tags): Tags =>
  tags
    .filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
    })
    .map((t) => {
      const tag = t as { tag?: string; format?: string; test?: RegExp };
      if (tag.tag !== 'tag:yaml.org,2002:float' || !tag.test || tag.test.source.includes('inf')) return t;
      return { ...tag, test: tag.format === 'EXP' ? GO_FLOAT_EXP : GO_FLOAT } as typeof t;
    });

const parseOptions = { version: '1.1' as const, customTags, uniqueKeys: false, merge: true };

/** Splits a file's text into documents (text and starting line) per the Choreo rules. */
export function splitDocuments(text: string, file: string): { text: string; line: number }[] {
  const src = text.replace(/\r\n/g, '\n');
  const lines = src.split('\n');
  const docs: { text: string; line: number }[] = [];
  let start = 0;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.startsWith('---')) continue;
    const rest = l.slice(3).trim();
    if (rest !== '' && !rest.startsWith('#')) {
      throw new YamlError(file, i + 1, 1, `invalid document separator: ${l}`);
    }
    docs.push({ text: lines.slice(start, i).join('\n') + '\n', line: start + 1 });
    start = i + 1;
  }
  docs.push({ text: lines.slice(start).join('\n'), line: start + 1 });
  return docs;
}

const scalarCache = new Map<string, unknown>();
/** Resolves one plain scalar exactly as the full parser does (memoised). */
export function resolveScalar(plain: string): unknown {
  if (scalarCache.has(plain)) return scalarCache.get(plain);
  const v = YAML.parse(plain, parseOptions) as unknown;
  if (scalarCache.size < 10_000) scalarCache.set(plain, v);
  return v;
}

/** Parses one YAML text (a single document) into plain JSON-like values. */
export function parseYaml(text: string, file = '<input>', firstLine = 1): unknown {
  const fast = fastParseYaml(text, resolveScalar);
  if (fast !== FALLBACK) return fast;
  return parseYamlFull(text, file, firstLine);
}

/** The full `yaml` parser (any YAML; error positions). */
export function parseYamlFull(text: string, file = '<input>', firstLine = 1): unknown {
  const doc = YAML.parseDocument(text, parseOptions);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = e.linePos?.[0];
    const detail = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new YamlError(file, (pos?.line ?? 1) + firstLine - 1, pos?.col ?? 1, detail);
  }
  return doc.toJS({ maxAliasCount: 1000 }) ?? null;
}

/**
 * Parses every document of a file. Empty documents (only comments / whitespace) are skipped but keep
 * their index slot, as Choreo's reader does. Throws YamlError at the first bad document.
 */
export function parseYamlDocuments(text: string, file: string): YamlDocument[] {
  const out: YamlDocument[] = [];
  const parts = splitDocuments(text, file);
  parts.forEach((p, index) => {
    const value = parseYaml(p.text, file, p.line);
    if (value === null || value === undefined) return;
    // Report the line of the first non-blank, non-comment line: where the object really starts.
    const lines = p.text.split('\n');
    let offset = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#') && l.trim() !== '---');
    if (offset < 0) offset = 0;
    out.push({ index, line: p.line + offset, value });
  });
  return out;
}
