#!/usr/bin/env node
// Draws WinJoin's icon (four window panes joined to a Kubernetes-blue tile)
// and writes build/icon.png (256x256) and build/icon.ico (256 PNG + 48/32/16
// bitmaps, the layout Windows Explorer and NSIS read). Plain Node, no image
// tools, so anyone can regenerate the icons: `node scripts/make-icons.mjs`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');
const BLUE = [0x32, 0x6c, 0xe5];
const WHITE = [0xff, 0xff, 0xff];

/** Coverage of the icon's shapes at (x, y) in a unit square: [r, g, b, a]. */
function shade(x, y) {
  const inRoundedSquare = (px, py, x0, y0, x1, y1, r) => {
    const cx = Math.min(Math.max(px, x0 + r), x1 - r);
    const cy = Math.min(Math.max(py, y0 + r), y1 - r);
    return px >= x0 && px <= x1 && py >= y0 && py <= y1 && (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  };
  if (!inRoundedSquare(x, y, 0.04, 0.04, 0.96, 0.96, 0.18)) return [0, 0, 0, 0];
  const panes = [
    [0.22, 0.22, 0.47, 0.47],
    [0.53, 0.22, 0.78, 0.47],
    [0.22, 0.53, 0.47, 0.78],
    [0.53, 0.53, 0.78, 0.78],
  ];
  return panes.some(([x0, y0, x1, y1]) => inRoundedSquare(x, y, x0, y0, x1, y1, 0.03)) ? [...WHITE, 255] : [...BLUE, 255];
}

/** RGBA pixels, 4x4 supersampled so edges are smooth at every size. */
function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [r, g, b, a] = shade((x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size);
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const o = (y * size + x) * 4;
      const alpha = sum[3] / (n * n);
      for (let c = 0; c < 3; c++) pixels[o + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size) {
  const pixels = render(size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 32-bit BGRA DIB with its AND mask, as ICO entries below 256 px are stored. */
function dib(size) {
  const pixels = render(size);
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR bitmap + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const xor = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4; // bottom-up rows
      xor.set([pixels[from + 2], pixels[from + 1], pixels[from], pixels[from + 3]], to);
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  const mask = Buffer.alloc(maskRow * size); // all zero: alpha decides
  return Buffer.concat([header, xor, mask]);
}

export function ico(sizes = [256, 48, 32, 16]) {
  const images = sizes.map((size) => (size >= 256 ? png(size) : dib(size)));
  const dir = Buffer.alloc(6 + 16 * sizes.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2); // icon
  dir.writeUInt16LE(sizes.length, 4);
  let offset = dir.length;
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, e); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, e + 1);
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(images[i].length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += images[i].length;
  });
  return Buffer.concat([dir, ...images]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'scripts', 'make-icons.mjs')) {
  fs.writeFileSync(path.join(root, 'build', 'icon.png'), png(256));
  fs.writeFileSync(path.join(root, 'build', 'icon.ico'), ico());
  console.log('make-icons: wrote build/icon.png and build/icon.ico');
}
