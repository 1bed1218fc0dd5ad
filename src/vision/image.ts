/**
 * The image shapes the vision layer works on. `RgbImage` is structurally the
 * engine's RawImage; a `Mask` is one float per pixel in 0..1.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import sharp, { type Sharp } from 'sharp';

export interface RgbImage {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

export interface Mask {
  width: number;
  height: number;
  data: Float32Array;
}

export function createMask(width: number, height: number, fill = 0): Mask {
  const n = width * height;
  const taken = n >= PLANE_POOL.minPx ? pooled.getStore() : undefined;
  const data = taken !== undefined ? pooledPlane(n, taken) : new Float32Array(n);
  if (fill !== 0) data.fill(fill);
  return { width, height, data };
}

/**
 * A copy of `mask` in a plane of createMask's: within a piece of work (withPooledPlanes) a
 * reused one, where `data.slice()` made a new one the size of the frame each time.
 */
export function copyMask(mask: Mask): Mask {
  const out = createMask(mask.width, mask.height);
  out.data.set(mask.data);
  return out;
}

/**
 * Reuse of the masks' planes within one piece of work (withPooledPlanes). A frame-sized mask
 * made fresh costs more in the system's page faults when it is first written than most loops
 * over it, and each ~64 MB of planes made starts a full garbage collection of the heap: a
 * compositing pass makes some 80 masks, nearly all read only within the pass.
 */
const PLANE_POOL = {
  /** Planes of fewer px (crops, a few rows) are made fresh: cheap, and of every size. */
  minPx: 1 << 16,
  /**
   * Most planes kept for reuse between jobs (~125 MB at 384×512 floats): a try-on's pieces of work take
   * some 150–200 in all, the last of them handed back when the job ends. Keeping 96, a 768×1024 try-on
   * still made ~52 MB of new planes, keeping 128 ~27 MB, 200 ~9 MB; with 160 the engine bench's CPU
   * time fell ~10 % and its peak RSS (one thread) rose under 2 %.
   */
  maxSpare: 160,
} as const;

/**
 * The planes taken by the piece of work whose code runs now (withPooledPlanes): an
 * async one's follow it across its awaits, and another job's code running meanwhile
 * sees its own or none.
 */
const pooled = new AsyncLocalStorage<Float32Array[]>();
/**
 * Planes handed back by finished pieces of work, any length (one is taken only for a mask of its
 * own length), the most recent last: when full, the oldest goes, so after jobs of another photo
 * size the spare holds the new size's planes rather than only the old one's.
 */
const spare: Float32Array[] = [];

/** A spare plane of `n` floats zeroed (createMask's are all zeros), else a new one; recorded in `taken`. */
function pooledPlane(n: number, taken: Float32Array[]): Float32Array {
  let data: Float32Array | undefined;
  for (let k = spare.length - 1; k >= 0; k--) {
    if (spare[k]!.length !== n) continue;
    data = spare[k]!.fill(0);
    spare.splice(k, 1);
    break;
  }
  data ??= new Float32Array(n);
  taken.push(data);
  return data;
}

/**
 * Runs `work` with createMask's large planes taken from the spare ones and, once it has
 * settled, hands back for reuse every plane it took but those whose memory is in
 * `outlives(result)` (what the result and anything else still holding masks of the work can
 * reach). Those stay its own: inside another piece of work, they become that one's, handed back
 * when it ends unless its result reaches them too. `work` may be async (its planes follow it
 * across awaits); if it fails, its planes are left to the garbage collector.
 */
export function withPooledPlanes<T>(work: () => Promise<T>, outlives: (result: T) => ArrayBufferView[]): Promise<T>;
export function withPooledPlanes<T>(work: () => T, outlives: (result: T) => ArrayBufferView[]): T;
export function withPooledPlanes<T>(work: () => T | Promise<T>, outlives: (result: T) => ArrayBufferView[]): T | Promise<T> {
  const outer = pooled.getStore();
  const taken: Float32Array[] = [];
  const settle = (result: T): T => {
    handBack(taken, outlives(result), outer);
    return result;
  };
  const result = pooled.run(taken, work);
  return result instanceof Promise ? result.then(settle) : settle(result);
}

/** Puts the `taken` planes not in `keep` back in the spare ones (the oldest spare dropped past PLANE_POOL.maxSpare); the kept ones go to `outer`, if any. */
function handBack(taken: Float32Array[], keep: ArrayBufferView[], outer: Float32Array[] | undefined): void {
  const kept = new Set(keep.map((v) => v.buffer));
  for (const data of taken) {
    if (kept.has(data.buffer)) outer?.push(data);
    else spare.push(data);
  }
  if (spare.length > PLANE_POOL.maxSpare) spare.splice(0, spare.length - PLANE_POOL.maxSpare);
}

/**
 * Every typed array `value` reaches through the fields of its objects and the items of its
 * arrays, maps and sets: what withPooledPlanes' `outlives` returns for a result of plain data.
 */
export function planesIn(value: unknown, out: ArrayBufferView[] = [], seen = new Set<object>()): ArrayBufferView[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (ArrayBuffer.isView(value)) out.push(value);
  else for (const v of value instanceof Map || value instanceof Set ? value.values() : Object.values(value)) planesIn(v, out, seen);
  return out;
}

/** The luminance of one colour (Rec. 601 weights, as `luma`). */
export function lumaOf(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/**
 * Rec. 601 luma of every pixel, a new plane: Float32Array by default; into
 * `out` (width × height) when given, e.g. a Float64Array where the figure
 * summed from it must keep every digit.
 */
export function luma(image: RgbImage): Float32Array;
export function luma<T extends Float32Array | Float64Array>(image: RgbImage, out: T): T;
export function luma(image: RgbImage, out: Float32Array | Float64Array = new Float32Array(image.width * image.height)): Float32Array | Float64Array {
  const ch = image.channels;
  for (let i = 0; i < out.length; i++) out[i] = lumaOf(image.data[i * ch]!, image.data[i * ch + 1]!, image.data[i * ch + 2]!);
  return out;
}

/** Drops alpha (composited over nothing: alpha is ignored) so analysis sees RGB. */
export function toRgb(image: RgbImage): RgbImage {
  if (image.channels === 3) return image;
  const n = image.width * image.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    out[i * 3] = image.data[i * 4]!;
    out[i * 3 + 1] = image.data[i * 4 + 1]!;
    out[i * 3 + 2] = image.data[i * 4 + 2]!;
  }
  return { width: image.width, height: image.height, channels: 3, data: out };
}

/** Decodes a file with EXIF orientation applied (sharp drops it otherwise). */
export async function decodeImageFile(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** Resizes with sharp's native resampler (lanczos3 down, ~4 ms at 768×1024). */
export async function resizeImage(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  return rawOf(rawInput(image).resize(width, height, { fit: 'fill' }));
}

function rawInput(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

async function rawOf(pipeline: Sharp): Promise<RgbImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: info.channels as 3 | 4, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * The `region` of `image` resized to width × height: the same pixels as
 * cropping it first and resizing the crop (sharp extracts before it resizes),
 * without copying the crop out in JS.
 */
export async function resizeRegion(image: RgbImage, region: { left: number; top: number; width: number; height: number }, width: number, height: number): Promise<RgbImage> {
  if (region.left === 0 && region.top === 0 && region.width === image.width && region.height === image.height) return resizeImage(image, width, height);
  const cut = rawInput(image).extract(region);
  return rawOf(region.width === width && region.height === height ? cut : cut.resize(width, height, { fit: 'fill' }));
}

/** Size that fits `longSide` on the longer edge, keeping the aspect ratio. */
export function fitLongSide(width: number, height: number, longSide: number): { width: number; height: number } {
  const s = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

export function maskToImage(mask: Mask): RgbImage {
  const n = mask.width * mask.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const v = Math.round(Math.max(0, Math.min(1, mask.data[i]!)) * 255);
    out[i * 3] = v;
    out[i * 3 + 1] = v;
    out[i * 3 + 2] = v;
  }
  return { width: mask.width, height: mask.height, channels: 3, data: out };
}
