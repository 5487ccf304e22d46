// UTF-8 byte strings: Starlark strings hold UTF-8 bytes, one JS char per byte. A leaf module (it imports
// nothing), shared by the scanner and the runtime.


const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();
const NON_ASCII = /[^\x00-\x7f]/;

/** JS (UTF-16) text → Starlark string (UTF-8 bytes, one char per byte). ASCII passes through unchanged. */
export function encodeUtf8(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  const b = utf8Encoder.encode(s);
  let out = '';
  for (let i = 0; i < b.length; i += 8192) out += String.fromCharCode(...b.subarray(i, i + 8192));
  return out;
}

/** Starlark string (UTF-8 bytes) → JS text; invalid sequences become U+FFFD. */
export function decodeUtf8(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  return utf8Decoder.decode(byteArray(s));
}

export function byteArray(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export function isAscii(s: string): boolean {
  return !NON_ASCII.test(s);
}

/** Decodes one UTF-8 sequence at byte offset i: [rune, width], rune -1 if invalid (width 1). */
export function decodeRune(s: string, i: number): [number, number] {
  const c = s.charCodeAt(i);
  if (c < 0x80) return [c, 1];
  let need: number, r: number, min: number;
  if (c >= 0xc2 && c <= 0xdf) {
    need = 1;
    r = c & 0x1f;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    r = c & 0x0f;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    r = c & 0x07;
    min = 0x10000;
  } else return [-1, 1];
  if (i + need >= s.length + 0 && i + need > s.length - 1 + 1) return [-1, 1];
  for (let k = 1; k <= need; k++) {
    const b = s.charCodeAt(i + k);
    if (!(b >= 0x80 && b <= 0xbf)) return [-1, 1];
    r = (r << 6) | (b & 0x3f);
  }
  if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return [-1, 1];
  return [r, need + 1];
}

/** Encodes one code point as UTF-8 bytes (one char per byte). */
export function encodeRune(r: number): string {
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  if (r < 0x80) return String.fromCharCode(r);
  if (r < 0x800) return String.fromCharCode(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  if (r < 0x10000) return String.fromCharCode(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  return String.fromCharCode(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}
