/**
 * Tandem's icons, drawn in code and written as real PNGs (node:zlib only, no image library).
 *
 * The mark: two linked rings, side by side, the right one crossing over the left: two teams
 * working in tandem. `color`: the white mark on Tandem's accent colour, full bleed (Teams
 * rounds the corners itself). `outline`: the same mark in white on transparent, as Teams
 * requires for its 32x32 outline icon. `addin`: the mark on a rounded accent square, for
 * Outlook's ribbon (16, 20, 24, 32, 40, 48, 64, 80, 128 px).
 *
 * `node --import tsx appPackage/icons.ts` rewrites appPackage/color.png and outline.png;
 * `node --import tsx appPackage/icons.ts <dir>` also writes the add-in's icon-<size>.png there.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

export const ACCENT = "#3B5BDB";
const ACCENT_RGB: [number, number, number] = [0x3b, 0x5b, 0xdb];

export type IconKind = "color" | "outline" | "addin";

/** RGBA pixels, row by row. */
export interface Image {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Encodes RGBA pixels as a PNG (8-bit RGBA, no interlace, filter 0 on every row). */
export function encodePng(img: Image): Buffer {
  const { width, height, data } = img;
  if (data.length !== width * height * 4) throw new Error("encodePng: data is not width*height*4 bytes");
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    Buffer.from(data.buffer, data.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** Decodes the PNGs this project writes (and any 8-bit RGBA/RGB, non-interlaced PNG). */
export function decodePng(png: Uint8Array): Image & { colorType: number; bitDepth: number } {
  const buf = Buffer.from(png);
  if (!buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) throw new Error("not a PNG");
  let off = 8;
  let width = 0, height = 0, bitDepth = 0, colorType = 0, interlace = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString("ascii", off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    const crc = buf.readUInt32BE(off + 8 + len);
    if ((zlib.crc32(buf.subarray(off + 4, off + 8 + len)) >>> 0) !== crc) throw new Error(`bad CRC in ${type}`);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      bitDepth = body[8]!;
      colorType = body[9]!;
      interlace = body[12]!;
    } else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    off += 12 + len;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (bitDepth !== 8 || !channels || interlace) throw new Error(`unsupported PNG (depth ${bitDepth}, colour type ${colorType}, interlace ${interlace})`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = new Uint8Array(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const pred =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      line[i] = (line[i]! + pred) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < channels ? line[x * channels + k]! : 255;
    }
    prev = line;
  }
  return { width, height, data: out, colorType, bitDepth };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * The mark's coverage at (x, y) in a unit square [0,1]²: 1 inside a ring, 0 outside.
 * The right ring crosses over the left one at the top and under it at the bottom (a gap of
 * background is cut around the ring on top), which reads as two linked rings.
 */
function mark(x: number, y: number, stroke: number): number {
  const r = 0.2;
  const left = { cx: 0.385, cy: 0.5 };
  const right = { cx: 0.615, cy: 0.5 };
  const ring = (c: { cx: number; cy: number }, w: number) => Math.abs(Math.hypot(x - c.cx, y - c.cy) - r) <= w / 2;
  const inLeft = ring(left, stroke);
  const inRight = ring(right, stroke);
  const gap = stroke * 0.9;
  // Upper half: the right ring is on top; lower half: the left ring is.
  if (y < 0.5) {
    if (inRight) return 1;
    return inLeft && !ring(right, stroke + gap * 2) ? 1 : 0;
  }
  if (inLeft) return 1;
  return inRight && !ring(left, stroke + gap * 2) ? 1 : 0;
}

/** A rounded square [0,1]² with corner radius `rad`. */
function roundedSquare(x: number, y: number, inset: number, rad: number): boolean {
  const lo = inset, hi = 1 - inset;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + rad), hi - rad);
  const cy = Math.min(Math.max(y, lo + rad), hi - rad);
  return Math.hypot(x - cx, y - cy) <= rad;
}

/** Draws one of Tandem's icons at `size` pixels (4x4 supersampling for smooth edges). */
export function renderIcon(kind: IconKind, size: number): Image {
  const data = new Uint8Array(size * size * 4);
  const ss = 4;
  // Thicker strokes at small sizes so the rings stay legible.
  const stroke = kind === "outline" || size <= 32 ? 0.085 : 0.07;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let markCov = 0, bgCov = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          // The colour icon is full bleed; the add-in's sits on a rounded square.
          const bg = kind === "color" ? true : kind === "addin" ? roundedSquare(x, y, 0.02, 0.2) : false;
          if (bg) bgCov++;
          // Scale the mark up inside the outline icon, which has no background around it.
          const m = kind === "outline" ? mark(0.5 + (x - 0.5) * 0.78, 0.5 + (y - 0.5) * 0.78, stroke) : mark(x, y, stroke);
          if (m && (bg || kind === "outline")) markCov++;
        }
      }
      const n = ss * ss;
      const i = (py * size + px) * 4;
      if (kind === "outline") {
        data[i] = data[i + 1] = data[i + 2] = 255;
        data[i + 3] = Math.round((markCov / n) * 255);
      } else {
        // White over accent, weighted by coverage; alpha from the background's coverage.
        const alpha = bgCov / n;
        const white = bgCov ? markCov / bgCov : 0;
        for (let k = 0; k < 3; k++) data[i + k] = Math.round(ACCENT_RGB[k]! * (1 - white) + 255 * white);
        data[i + 3] = Math.round(alpha * 255);
      }
    }
  }
  return { width: size, height: size, data };
}

export const TEAMS_ICONS = { color: { file: "color.png", size: 192 }, outline: { file: "outline.png", size: 32 } } as const;
export const ADDIN_ICON_SIZES = [16, 32, 64, 80, 128] as const;

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Writes color.png and outline.png into appPackage/. */
export function writeTeamsIcons(): string[] {
  return (["color", "outline"] as const).map((kind) => {
    const file = path.join(HERE, TEAMS_ICONS[kind].file);
    fs.writeFileSync(file, encodePng(renderIcon(kind, TEAMS_ICONS[kind].size)));
    return file;
  });
}

/**
 * Writes the Outlook add-in's ribbon and store icons, `icon-<size>.png`, into `dir`: both
 * manifests load them from `https://<host>/addin/assets/`, so the add-in's build writes them
 * into its dist/assets/.
 */
export function writeAddinIcons(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return ADDIN_ICON_SIZES.map((size) => {
    const file = path.join(dir, `icon-${size}.png`);
    fs.writeFileSync(file, encodePng(renderIcon("addin", size)));
    return file;
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = [...writeTeamsIcons(), ...(process.argv[2] ? writeAddinIcons(process.argv[2]) : [])];
  for (const f of written) console.log(`wrote ${path.relative(process.cwd(), f)}`);
}
