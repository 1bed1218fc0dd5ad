/** Drawing synthetic masks and images for the engine's unit tests: rectangles whose figures can be worked out by hand. */
import type { Mask, RgbImage } from '../../src/vision/image.js';

/** Sets [x0, x1) × [y0, y1) of a mask to `v`. */
export function rect(m: Mask, x0: number, y0: number, x1: number, y1: number, v = 1): Mask {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m.data[y * m.width + x] = v;
  return m;
}

/** Paints [x0, x1) × [y0, y1) of an image. */
export function paint(img: RgbImage, x0: number, y0: number, x1: number, y1: number, c: [number, number, number]): RgbImage {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img.data.set(c, (y * img.width + x) * 3);
  return img;
}

/** An image of one colour. */
export function solidImage(width: number, height: number, c: [number, number, number]): RgbImage {
  return paint({ width, height, channels: 3, data: new Uint8Array(width * height * 3) }, 0, 0, width, height, c);
}
