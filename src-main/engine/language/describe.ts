// Text for hovers, completion details and signature help: a def's header as written, the Markdown of a
// builtin's signature and docs, a function's documentation (its docstring, or the comment right above it).
import { parseParams, signatureLabel, type Signature } from '../starlark/signatures.js';
import type { DefStmt } from '../starlark/syntax/ast.js';
import { docstringOf, leadingComment, type FileAnalysis } from './analysis.js';
import { offsetOf } from './cursor-context.js';

/** The parameter list of a def as written (`self, name, spec={}`), on one line. */
export function defParamsText(fa: FileAnalysis, def: DefStmt): string {
  const text = fa.index.lines.join('\n');
  let i = offsetOf(fa.index, def.name.line, def.name.col) + def.name.name.length;
  while (i < text.length && text[i] !== '(') i++;
  const start = ++i;
  let depth = 0;
  let quote = '';
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
  }
  return text
    .slice(start, i)
    .replace(/#[^\n]*/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/,\s*$/, '')
    .trim();
}

/** A def as a Signature (so project functions and builtins show alike). */
export function defSignature(fa: FileAnalysis, def: DefStmt): Signature {
  return { name: def.name.name, params: parseParams(defParamsText(fa, def)), returns: '', doc: defDoc(fa, def) ?? '' };
}

export function defDoc(fa: FileAnalysis, def: DefStmt): string | undefined {
  return docstringOf(def) ?? leadingComment(fa, def.line);
}

export function codeBlock(code: string): string {
  return '```starlark\n' + code + '\n```';
}

/** Markdown for a builtin or method: its signature(s), what it returns, and its doc. */
export function signatureMarkdown(sigs: Signature[], what: string): string {
  const parts = [codeBlock(sigs.map((s) => `${signatureLabel(s)}${s.returns ? ` -> ${plainReturns(s.returns)}` : ''}`).join('\n'))];
  parts.push(`*${what}*`);
  if (sigs.length > 1) sigs.forEach((s, i) => parts.push(`**Form ${i + 1}** (${s.params.length} arguments): ${s.doc}`));
  else if (sigs[0]?.doc) parts.push(sigs[0].doc);
  return parts.join('\n\n');
}

/** A return description without Markdown, for a code block. */
function plainReturns(r: string): string {
  return r.replace(/`/g, '').replace(/^rsp dict:.*$/, 'rsp dict');
}
