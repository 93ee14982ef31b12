// Draws the app and menu-bar icons as PNGs (no image library needed): `node apps/desktop/scripts/make-icons.js`.
// The app icon: three nodes wired to a hub on a dark rounded square. Tray icons: 22 px and @2x; the
// "ok" one is a macOS template image (black + alpha), "waiting" and "error" carry a coloured dot.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

function crc32(bytes) {
  let c,
    crc = 0xffffffff;
  for (const byte of bytes) {
    c = (crc ^ byte) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const clamp = (v) => Math.max(0, Math.min(1, v));
/** Coverage of a shape at signed distance d (negative inside), antialiased over one pixel. */
const cover = (d, px) => clamp(0.5 - d / px);
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
function segment(x, y, ax, ay, bx, by, w) {
  const t = clamp(((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay))) - w;
}
function roundedSquare(x, y, min, max, r) {
  const qx = Math.max(min + r - x, 0, x - (max - r));
  const qy = Math.max(min + r - y, 0, y - (max - r));
  return Math.hypot(qx, qy) - r;
}
const blend = (under, over, alpha) => under.map((u, i) => u + (over[i] - u) * alpha);

const hub = [0.5, 0.53];
const nodes = [
  [0.29, 0.3],
  [0.71, 0.3],
  [0.5, 0.76],
];
function wiring(x, y, scale, stroke, radius, hubRadius) {
  let d = circle(x, y, hub[0] * scale, hub[1] * scale, hubRadius * scale);
  for (const [nx, ny] of nodes) {
    d = Math.min(d, segment(x, y, hub[0] * scale, hub[1] * scale, nx * scale, ny * scale, stroke * scale));
    d = Math.min(d, circle(x, y, nx * scale, ny * scale, radius * scale));
  }
  return d;
}

const appIcon = png(1024, (x, y, s) => {
  const inset = s * 0.09;
  const base = cover(roundedSquare(x, y, inset, s - inset, s * 0.18), 1);
  if (base === 0) return [0, 0, 0, 0];
  const t = y / s;
  let color = [30 + 10 * t, 37 + 12 * t, 52 + 20 * t];
  color = blend(color, [86, 156, 214], cover(wiring(x, y, s, 0.022, 0.085, 0.11), 1.5));
  color = blend(color, [30, 37, 52], cover(circle(x, y, hub[0] * s, hub[1] * s, 0.055 * s), 1.5));
  return [...color.map(Math.round), Math.round(base * 255)];
});

function trayIcon(size, dot) {
  return png(size, (x, y, s) => {
    const px = 1;
    const shape = cover(wiring(x, y, s, 0.06, 0.13, 0.15), px);
    if (!dot) return [0, 0, 0, Math.round(shape * 255)];
    const d = cover(circle(x, y, s * 0.8, s * 0.2, s * 0.2), px);
    const alpha = Math.max(shape * 0.85, d);
    const color = d > 0 ? blend([0, 0, 0], dot, d / Math.max(alpha, 1e-6)) : [0, 0, 0];
    return [...color.map(Math.round), Math.round(alpha * 255)];
  });
}

const out = (name, data) => {
  const path = join(here, '..', name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
};
out('build/icon.png', appIcon);
for (const [name, dot] of [
  ['tray-ok', null],
  ['tray-waiting', [230, 160, 20]],
  ['tray-error', [220, 50, 47]],
]) {
  out(`resources/${name}.png`, trayIcon(22, dot));
  out(`resources/${name}@2x.png`, trayIcon(44, dot));
}
