/**
 * chessboardDistance worked out on a crop of the frame: the verdict's
 * distances are capped a few band widths out, so pixels farther than the
 * cap from the mask's box are the cap without a sweep, and a figure that
 * reads the distance only inside one region (the drawn garment) needs no
 * sweep beyond that region's reach. Same values as chessboardDistance
 * wherever they are read: a capped chessboard distance only looks `cap` px
 * away, and on a rectangle its straight and diagonal steps never leave it.
 */
import { createMask, type Mask } from './image.js';
import { chessboardDistance, components, holeAreas, keepLargest, maskBounds } from './mask-ops.js';

/** A box in pixels, both ends included (as maskBounds gives). */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * chessboardDistance(mask, cap), full frame, the sweep limited to the
 * mask's box grown by the cap (and to `readBox` grown by it, when given):
 * equal to it everywhere, or when `readBox` is given, everywhere inside
 * `readBox` (outside it the values are not to be read). `b`: the mask's
 * maskBounds, when the caller has them.
 */
export function boundedChessboardDistance(mask: Mask, cap: number, readBox?: PixelBox | null, b: PixelBox | null = maskBounds(mask)): Uint8Array {
  const { width: w, height: h } = mask;
  const c = Math.min(255, Math.max(1, Math.round(cap)));
  const out = new Uint8Array(w * h).fill(c);
  if (!b || readBox === null) return out;
  const r = readBox ?? { x0: 0, y0: 0, x1: w - 1, y1: h - 1 };
  // a pixel farther than c from every mask pixel reads c: only the mask's box grown by c needs the sweep
  const x0 = Math.max(0, b.x0 - c, r.x0 - c), y0 = Math.max(0, b.y0 - c, r.y0 - c);
  const x1 = Math.min(w - 1, b.x1 + c, r.x1 + c), y1 = Math.min(h - 1, b.y1 + c, r.y1 + c);
  if (x1 < x0 || y1 < y0) return out;
  const cw = x1 - x0 + 1, chh = y1 - y0 + 1;
  if (cw === w && chh === h) return chessboardDistance(mask, cap);
  const d = chessboardDistance(cropMask(mask, { x0, y0, x1, y1 }), cap);
  for (let y = 0; y < chh; y++) out.set(d.subarray(y * cw, y * cw + cw), (y + y0) * w + x0);
  return out;
}

/**
 * The part of `mask` inside its box (pixels >= 0.5), or null when it has
 * none: connected pieces keep their sizes in it (every pixel of every piece
 * is inside), so labelling the crop gives the frame's pieces at the cost of
 * the box.
 */
export function cropToBounds(mask: Mask): Mask | null {
  const b = maskBounds(mask);
  if (!b) return null;
  if (b.x1 - b.x0 + 1 === mask.width && b.y1 - b.y0 + 1 === mask.height) return mask;
  return cropMask(mask, b);
}

/**
 * keepLargest(mask, minFraction) when every pixel of `mask` >= 0.5 lies
 * inside `box` (its maskBounds when not given): labelled on the box's crop
 * (the pieces are the frame's, see cropToBounds) and put back into a frame
 * of zeros, where keepLargest leaves zeros too.
 */
export function keepLargestInBox(mask: Mask, box = maskBounds(mask), minFraction = 1): Mask {
  if (!box) return createMask(mask.width, mask.height);
  return framedMask(keepLargest(cropMask(mask, box), minFraction), box, mask.width, mask.height);
}

/**
 * components(mask) when every pixel of `mask` ≥ 0.5 lies inside `box`:
 * labelled on the box's crop (every piece lies whole inside it, and the
 * crop's raster order is the frame's) and put back into a frame of zero labels.
 */
export function componentsInBox(mask: Mask, box: PixelBox): { labels: Int32Array; sizes: number[] } {
  const { width: w, height: h } = mask;
  const labels = new Int32Array(w * h);
  if (box.x1 < box.x0 || box.y1 < box.y0) return { labels, sizes: [0] };
  const part = components(cropMask(mask, box));
  const cw = box.x1 - box.x0 + 1;
  for (let y = 0; y <= box.y1 - box.y0; y++) labels.set(part.labels.subarray(y * cw, (y + 1) * cw), (y + box.y0) * w + box.x0);
  return { labels, sizes: part.sizes };
}

/**
 * holeAreas(mask) labelled on the mask's box grown by 1 px (within the frame):
 * an enclosed hole lies inside the box, and the grown ring, all gap, joins
 * every gap touching the box's edge to the crop's border, as outside the box
 * (all gap) they are joined to the frame's border. The same values everywhere
 * (0 outside the box) at the cost of the box: the full frame's gap is mostly one
 * large open piece, and labelling it was most of the time.
 */
export function holeAreasInBox(mask: Mask): Int32Array {
  const out = new Int32Array(mask.width * mask.height);
  const box = grownBox(maskBounds(mask), 1, mask.width, mask.height);
  if (!box) return out;
  const area = holeAreas(cropMask(mask, box));
  const w = box.x1 - box.x0 + 1;
  for (let y = 0; y <= box.y1 - box.y0; y++) out.set(area.subarray(y * w, (y + 1) * w), (y + box.y0) * mask.width + box.x0);
  return out;
}

/**
 * `mask` itself with its enclosed holes of at most `maxPx` pixels filled
 * (value 1), their areas read before any is filled; holes touching the
 * frame's border are no holes. Labelled on the mask's box grown by 1 px, as
 * holeAreasInBox does, and read on that crop: no frame-sized plane of areas.
 */
export function smallHolesFilledIn(mask: Mask, maxPx: number): Mask {
  const b = maskBounds(mask), box = grownBox(b, 1, mask.width, mask.height);
  if (!b || !box) return mask;
  const area = holeAreas(cropMask(mask, box));
  const cw = box.x1 - box.x0 + 1;
  for (let y = b.y0; y <= b.y1; y++) {
    for (let x = b.x0, i = y * mask.width + x, j = (y - box.y0) * cw + (x - box.x0); x <= b.x1; x++, i++, j++) {
      if (area[j]! > 0 && area[j]! <= maxPx) mask.data[i] = 1;
    }
  }
  return mask;
}

/** `box` grown by `margin` on every side and clipped to a width × height frame; null stays null. */
export function grownBox(box: PixelBox | null, margin: number, width: number, height: number): PixelBox | null {
  if (!box) return null;
  return { x0: Math.max(0, box.x0 - margin), y0: Math.max(0, box.y0 - margin), x1: Math.min(width - 1, box.x1 + margin), y1: Math.min(height - 1, box.y1 + margin) };
}

/** The rows of `mask` inside `box` (within the frame), as a mask of the box's size. */
export function cropMask(mask: Mask, box: PixelBox): Mask {
  const w = box.x1 - box.x0 + 1, h = box.y1 - box.y0 + 1;
  const crop = createMask(w, h);
  for (let y = 0; y < h; y++) {
    const row = (y + box.y0) * mask.width + box.x0;
    crop.data.set(mask.data.subarray(row, row + w), y * w);
  }
  return crop;
}

/** `crop` (a mask of `box`'s size, as cropMask gives) put back at `box` into a new `width` × `height` frame of zeros. */
export function framedMask(crop: Mask, box: PixelBox, width: number, height: number): Mask {
  const out = createMask(width, height);
  for (let y = 0; y < crop.height; y++) out.data.set(crop.data.subarray(y * crop.width, (y + 1) * crop.width), (y + box.y0) * width + box.x0);
  return out;
}

/**
 * The part of a plane `width` px wide with `channels` values per pixel
 * inside `box` (within the frame), as a plane of the box's size of the same
 * type: cropMask for an image's bytes or a plane of several floats per pixel.
 */
export function cropPlane(data: Uint8Array, width: number, channels: number, box: PixelBox): Uint8Array;
export function cropPlane(data: Float32Array, width: number, channels: number, box: PixelBox): Float32Array;
export function cropPlane(data: Uint8Array | Float32Array, width: number, channels: number, box: PixelBox): Uint8Array | Float32Array {
  const w = box.x1 - box.x0 + 1, h = box.y1 - box.y0 + 1;
  const out = data instanceof Uint8Array ? new Uint8Array(w * h * channels) : new Float32Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const from = ((y + box.y0) * width + box.x0) * channels;
    out.set(data.subarray(from, from + w * channels), y * w * channels);
  }
  return out;
}

/**
 * The box on which a box blur (radius `radius`, `passes` passes: mask-ops.ts
 * boxBlurPlane) of a plane that is 0 outside `box` is worked out so that its
 * values equal the frame's blur on `box` grown by `readMargin`: that grown by
 * the blur's spread (passes × radius), within the frame. Left of and above
 * the crop every pass's values are exactly 0 in the frame too (nothing
 * non-zero within its reach), so the running sums start where the frame's
 * stand, at 0, and add the same values in the same order; a window clipped at
 * the crop's edge (where the frame's runs on) changes only values a spread
 * from the read box, 0 on either side wherever a later pass reads them.
 */
export function blurCropBox(box: PixelBox, readMargin: number, radius: number, passes: number, width: number, height: number): PixelBox {
  return grownBox(box, readMargin + passes * Math.max(0, Math.round(radius)), width, height)!;
}
