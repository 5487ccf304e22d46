// Plain-text tables for the CLI verbs (kubectl style): columns padded to their widest cell, the last
// column left unpadded so lines carry no trailing blanks. One implementation so every verb lines up alike.

/**
 * Formats `rows` (the first is the header) as aligned columns separated by `gap` spaces; '' when there are
 * no rows. Ragged rows are allowed: a missing cell counts as empty.
 */
export function textTable(rows: string[][], gap = 2): string {
  if (!rows.length) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const sep = ' '.repeat(gap);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join(sep).trimEnd()).join('\n') + '\n';
}

/** An ISO time as a table cell: `2024-10-01 12:34:56` (UTC as stored, no milliseconds or zone). */
export function timeCell(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}
