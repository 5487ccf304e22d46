// Which field of an object a place in its YAML text is on (issue 13: click or hover a field in an object
// view to explain it). The views show YAML the host rendered from the object, so its map keys and list
// items are the object's fields; a key line of a nested map names the map itself (`.spec`), which the
// explanation treats as every field below it.
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { formatFieldPath, type PathSegment } from './provenance.js';

/**
 * The field path at a 1-based line and column (`.spec.items[0].name`), or undefined when the place is on
 * no field (a blank line, a comment, a document marker) or the text is not YAML.
 */
export function fieldPathAt(text: string, line: number, column: number): string | undefined {
  const offset = offsetOf(text, line, column);
  if (offset === undefined) return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const path = pathIn(doc.contents as Node | null, offset, []);
  return path && path.length ? formatFieldPath(path) : undefined;
}

function offsetOf(text: string, line: number, column: number): number | undefined {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end < 0 ? text.length : end);
  // a click in the indentation picks the field, one past the end of the line its last character
  const firstNonBlank = lineText.length - lineText.trimStart().length;
  if (lineText.trim() === '' || lineText.trimStart().startsWith('#')) return undefined;
  return start + Math.min(Math.max(column - 1, firstNonBlank), lineText.trimEnd().length - 1);
}

const within = (range: [number, number, number] | null | undefined, at: number) => !!range && at >= range[0] && at < Math.max(range[1], range[0] + 1);

function pathIn(node: Node | null, at: number, path: PathSegment[]): PathSegment[] | undefined {
  if (!node) return undefined;
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item) || !isScalar(item.key)) continue;
      const key = String(item.key.value);
      const value = item.value as Node | null;
      const here = [...path, key];
      const keyStart = item.key.range?.[0] ?? Infinity;
      if (value && (isMap(value) || isSeq(value))) {
        const inner = pathIn(value, at, here);
        if (inner) return inner;
        // the key, its colon, or the `- ` of a list that follows on the same line
        if (at >= keyStart && at < (value.range?.[0] ?? 0) + 2) return here;
      } else if (at >= keyStart && at < Math.max(value?.range?.[1] ?? 0, item.key.range?.[1] ?? 0)) return here; // key, colon or value
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      if (!item) continue;
      if (isMap(item) || isSeq(item)) {
        const inner = pathIn(item, at, [...path, i]);
        if (inner) return inner;
        // the `- ` before a collection item: the item itself
        if (within(item.range, at + 2)) return [...path, i];
      } else if (within(item.range, at)) return [...path, i];
    }
  }
  return undefined;
}
