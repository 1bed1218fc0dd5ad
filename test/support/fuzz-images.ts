/**
 * Mutated images for the fuzz run (scripts/fuzz.ts, test/fuzz.test.ts): the
 * fixture photos as JPEG, PNG, WebP and BMP, damaged the ways real files and
 * hostile clients damage them — bit flips, truncations, header fields and
 * dimensions changed, PNG chunks and JPEG segments duplicated or reordered.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { fixturesDir } from './engine-fixtures.js';
import { toBmp } from './images.js';

/** A seeded PRNG (mulberry32): the same seed gives the same cases. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export type ImageKind = 'jpeg' | 'png' | 'webp' | 'bmp';
export type Seeds = Record<ImageKind, Buffer[]>;

/** Two person and one garment fixture in each format, at a size the server accepts (≥ 256 px). */
export async function loadSeeds(): Promise<Seeds> {
  const dir = fixturesDir();
  const files = [join(dir, 'persons', '01008_00.jpg'), join(dir, 'persons', 'model_1.png'), join(dir, 'garments', '00055_00.jpg')];
  const seeds: Seeds = { jpeg: [], png: [], webp: [], bmp: [] };
  for (const path of files) {
    const small = sharp(await readFile(path)).resize({ width: 300, height: 400, fit: 'inside' });
    seeds.jpeg.push(await small.clone().jpeg({ quality: 80 }).toBuffer());
    seeds.png.push(await small.clone().png().toBuffer());
    seeds.webp.push(await small.clone().webp({ quality: 70 }).toBuffer());
    seeds.bmp.push(await toBmp(await small.clone().png().toBuffer()));
  }
  return seeds;
}

const BIG_DIMENSIONS = [0, 1, 255, 256, 4096, 4097, 65535, 0x7fffffff, 0xffffffff];

function dimension(random: Random): number {
  return random.chance(0.5) ? random.pick(BIG_DIMENSIONS) : random.int(70000);
}

/** PNG chunks after the 8-byte signature: [offset, total length (12 + data)]. */
function pngChunks(bytes: Buffer): [number, number][] {
  const chunks: [number, number][] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (at + 12 + length > bytes.length) break;
    chunks.push([at, 12 + length]);
    at += 12 + length;
  }
  return chunks;
}

function mutatePng(bytes: Buffer, random: Random): Buffer {
  const chunks = pngChunks(bytes);
  const parts = chunks.map(([at, length]) => bytes.subarray(at, at + length));
  const choice = random.int(3);
  if (choice === 0 && parts.length > 1) {
    parts.splice(random.int(parts.length), 0, Buffer.from(random.pick(parts)));
  } else if (choice === 1 && parts.length > 2) {
    const i = random.int(parts.length);
    const j = random.int(parts.length);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  } else {
    const ihdr = Buffer.from(parts[0]!);
    ihdr.writeUInt32BE(dimension(random), 8);
    ihdr.writeUInt32BE(dimension(random), 12);
    if (random.chance(0.3)) ihdr[16] = random.pick([1, 2, 4, 8, 16, 3, 99]); // bit depth
    if (random.chance(0.7)) ihdr.writeUInt32BE(crc32(ihdr.subarray(4, ihdr.length - 4)), ihdr.length - 4);
    parts[0] = ihdr;
  }
  return Buffer.concat([bytes.subarray(0, 8), ...parts]);
}

/** JPEG segments between SOI and SOS: [offset, length including the marker]. */
function jpegSegments(bytes: Buffer): { segments: [number, number][]; scan: number } {
  const segments: [number, number][] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) break;
    const length = 2 + bytes.readUInt16BE(at + 2);
    segments.push([at, length]);
    at += length;
  }
  return { segments, scan: at };
}

function mutateJpeg(bytes: Buffer, random: Random): Buffer {
  const { segments, scan } = jpegSegments(bytes);
  const parts = segments.map(([at, length]) => Buffer.from(bytes.subarray(at, at + length)));
  const choice = random.int(3);
  if (choice === 0 && parts.length > 0) {
    parts.splice(random.int(parts.length), 0, Buffer.from(random.pick(parts)));
  } else if (choice === 1 && parts.length > 1) {
    const i = random.int(parts.length);
    const j = random.int(parts.length);
    [parts[i], parts[j]] = [parts[j]!, parts[i]!];
  } else {
    const sof = parts.find((part) => part[1]! >= 0xc0 && part[1]! <= 0xcf && part[1] !== 0xc4 && part[1] !== 0xc8 && part[1] !== 0xcc);
    if (sof !== undefined) {
      sof.writeUInt16BE(dimension(random) & 0xffff, 5);
      sof.writeUInt16BE(dimension(random) & 0xffff, 7);
      if (random.chance(0.3)) sof[9] = random.pick([0, 1, 3, 4, 255]); // components
    }
  }
  return Buffer.concat([bytes.subarray(0, 2), ...parts, bytes.subarray(scan)]);
}

function mutateWebp(bytes: Buffer, random: Random): Buffer {
  const out = Buffer.from(bytes);
  const choice = random.int(3);
  if (choice === 0) out.writeUInt32LE(random.pick([0, 4, out.length, 0xffffffff, random.int(1 << 30)]), 4); // RIFF size
  else if (choice === 1 && out.length > 30) {
    // VP8 frame: width and height (14 bits each) after the start code; VP8L: 14-bit fields after its signature.
    out.writeUInt16LE(dimension(random) & 0xffff, 26);
    out.writeUInt16LE(dimension(random) & 0xffff, 28);
  } else out.writeUInt32LE(random.pick([0, 10, 0xffffffff, random.int(1 << 24)]), 16); // chunk size
  return out;
}

function mutateBmp(bytes: Buffer, random: Random): Buffer {
  const out = Buffer.from(bytes);
  const field = random.pick(['width', 'height', 'bpp', 'offset', 'size', 'compression'] as const);
  if (field === 'width') out.writeInt32LE(random.pick([0, -1, 1, 4097, 0x7fffffff, -0x80000000, random.int(70000)]), 18);
  if (field === 'height') out.writeInt32LE(random.pick([0, -400, 1, 4097, 0x7fffffff, -0x80000000, random.int(70000)]), 22);
  if (field === 'bpp') out.writeUInt16LE(random.pick([0, 1, 4, 8, 16, 32, 64, 0xffff]), 28);
  if (field === 'offset') out.writeUInt32LE(random.pick([0, 14, 53, out.length, 0xffffffff]), 10);
  if (field === 'size') out.writeUInt32LE(random.pick([0, 12, 39, 41, 124, 0xffffffff]), 14);
  if (field === 'compression') out.writeUInt32LE(random.pick([1, 2, 3, 4, 5, 99]), 30);
  return out;
}

/** One mutated image: format-aware damage, or generic byte damage, sometimes both. */
export function mutatedImage(seeds: Seeds, random: Random): { bytes: Buffer; kind: ImageKind; how: string } {
  const kind = random.pick(['jpeg', 'png', 'webp', 'bmp'] as const);
  let bytes: Buffer = Buffer.from(random.pick(seeds[kind]));
  const hows: string[] = [];
  if (random.chance(0.6)) {
    bytes = { jpeg: mutateJpeg, png: mutatePng, webp: mutateWebp, bmp: mutateBmp }[kind](bytes, random);
    hows.push(`${kind}-structure`);
  }
  if (hows.length === 0 || random.chance(0.3)) {
    const generic = random.int(4);
    if (generic === 0) {
      for (let i = 1 + random.int(50); i > 0; i--) bytes[random.int(bytes.length)]! ^= 1 << random.int(8);
      hows.push('bit-flips');
    } else if (generic === 1) {
      bytes = bytes.subarray(0, random.int(bytes.length));
      hows.push('truncated');
    } else if (generic === 2) {
      bytes.fill(random.int(256), random.int(bytes.length), random.int(bytes.length));
      hows.push('filled');
    } else {
      bytes = Buffer.concat([bytes, Buffer.alloc(random.int(4096), random.int(256))]);
      hows.push('trailing-junk');
    }
  }
  return { bytes, kind, how: hows.join('+') };
}
