/** Drawing synthetic masks, images and body frames for the engine's unit tests: rectangles whose figures can be worked out by hand. */
import { createMask, type Mask, type RgbImage } from '../../src/vision/image.js';
import type { BodyFrame } from '../../src/vision/body-regions.js';

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

/**
 * A flat top on a 200 × 200 white canvas: body 50..150 wide (body width 100)
 * from y 190 up to its top edge `top(x)`; `shade(x, y)` gives each garment
 * pixel's grey. The neck-opening and inside-back tests draw their collars,
 * bands and insides with it.
 */
export function flatTop(top: (x: number) => number, shade: (x: number, y: number) => number): { image: RgbImage; matte: Mask } {
  const W = 200, H = 200;
  const matte = createMask(W, H);
  const data = new Uint8Array(W * H * 3).fill(255);
  for (let y = 0; y < H; y++) {
    for (let x = 50; x <= 150; x++) {
      if (y < top(x) || y > 190) continue;
      matte.data[y * W + x] = 1;
      data.fill(shade(x, y), (y * W + x) * 3, (y * W + x) * 3 + 3);
    }
  }
  return { image: { width: W, height: H, channels: 3, data }, matte };
}

/**
 * The body frame of an upright person seen from the front (full-resolution
 * px): shoulders `shoulderWidth` apart at row `shoulderY`, hips
 * 2 × `hipHalfWidth` apart at row `hipY`, both centred on column `centreX`;
 * the torso's length is the rows between them.
 */
export function frontFrame(f: { centreX: number; shoulderY: number; shoulderWidth: number; hipY: number; hipHalfWidth: number }): BodyFrame {
  const { centreX: cx, shoulderY, shoulderWidth, hipY, hipHalfWidth } = f;
  return {
    shoulderL: { x: cx + shoulderWidth / 2, y: shoulderY },
    shoulderR: { x: cx - shoulderWidth / 2, y: shoulderY },
    hipL: { x: cx + hipHalfWidth, y: hipY },
    hipR: { x: cx - hipHalfWidth, y: hipY },
    shoulderMid: { x: cx, y: shoulderY },
    hipMid: { x: cx, y: hipY },
    shoulderWidth,
    torsoLength: hipY - shoulderY,
    down: { x: 0, y: 1 },
    across: { x: 1, y: 0 },
  };
}
