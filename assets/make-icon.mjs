#!/usr/bin/env node
// Draws the app icon (assets/icon.svg and assets/icon.png, 512×512) from one geometry, so the two
// never drift apart. No image tools needed: the PNG is rasterised here (4×4 supersampling) and
// encoded with node:zlib. Run: node assets/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const BG = { x: 32, y: 32, w: 448, h: 448, r: 96, color: [27, 36, 56] };
const RING = { cx: 256, cy: 256, r: 140, width: 44, gapDeg: 40, color: [63, 199, 176] };
const rad = (d) => (d * Math.PI) / 180;
const ends = [-1, 1].map((s) => ({ x: RING.cx + RING.r * Math.cos(rad(RING.gapDeg)), y: RING.cy + s * RING.r * Math.sin(rad(RING.gapDeg)) }));
const DOTS = [
  { ...ends[0], r: 34, color: [245, 185, 66] },
  { ...ends[1], r: 34, color: [245, 185, 66] },
  { x: RING.cx, y: RING.cy, r: 42, color: [245, 185, 66] },
];
const hex = (c) => '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');

function svg() {
  const [a, b] = ends;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <title>Choreo Studio</title>
  <rect x="${BG.x}" y="${BG.y}" width="${BG.w}" height="${BG.h}" rx="${BG.r}" fill="${hex(BG.color)}"/>
  <path d="M ${a.x.toFixed(2)} ${a.y.toFixed(2)} A ${RING.r} ${RING.r} 0 1 0 ${b.x.toFixed(2)} ${b.y.toFixed(2)}" fill="none" stroke="${hex(RING.color)}" stroke-width="${RING.width}"/>
${DOTS.map((d) => `  <circle cx="${d.x.toFixed(2)}" cy="${d.y.toFixed(2)}" r="${d.r}" fill="${hex(d.color)}"/>`).join('\n')}
</svg>
`;
}

/** Colour of one sample point (top-most shape wins), or null for transparent. */
function sample(x, y) {
  for (const d of DOTS) if ((x - d.x) ** 2 + (y - d.y) ** 2 <= d.r ** 2) return d.color;
  const dist = Math.hypot(x - RING.cx, y - RING.cy);
  const angle = Math.abs((Math.atan2(y - RING.cy, x - RING.cx) * 180) / Math.PI);
  if (Math.abs(dist - RING.r) <= RING.width / 2 && angle >= RING.gapDeg) return RING.color;
  const qx = Math.max(BG.x + BG.r - x, 0, x - (BG.x + BG.w - BG.r));
  const qy = Math.max(BG.y + BG.r - y, 0, y - (BG.y + BG.h - BG.r));
  const inRect = x >= BG.x && x <= BG.x + BG.w && y >= BG.y && y <= BG.y + BG.h;
  if (inRect && qx * qx + qy * qy <= BG.r * BG.r) return BG.color;
  return null;
}

function png() {
  const N = 4;
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const c = sample(x + (sx + 0.5) / N, y + (sy + 0.5) / N);
          if (c) { r += c[0]; g += c[1]; b += c[2]; a++; }
        }
      }
      const o = row + 1 + x * 4;
      if (a > 0) { raw[o] = Math.round(r / a); raw[o + 1] = Math.round(g / a); raw[o + 2] = Math.round(b / a); }
      raw[o + 3] = Math.round((a / (N * N)) * 255);
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0; // 8-bit RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const dir = new URL('.', import.meta.url);
writeFileSync(new URL('icon.svg', dir), svg());
writeFileSync(new URL('icon.png', dir), png());
console.log('wrote assets/icon.svg and assets/icon.png');
