/** Comparing an engine result with its person photo over the body boxes the engine reports. */
import type { EngineResult, RawImage } from '../../src/engines/engine.js';

export type Box = [number, number, number, number];

/** A box [x, y, w, h] from the result's info.body: face, torso or thighs. */
export const boxOf = (r: EngineResult, name: string): Box => (r.info!.body as Record<string, Box>)[name]!;

/** Mean colour of a box (shrunk by `inset` of its size on each side). */
export function meanColour(img: RawImage, [x, y, w, h]: Box, inset = 0.2): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let yy = Math.round(y + h * inset); yy < Math.round(y + h * (1 - inset)); yy++) {
    for (let xx = Math.round(x + w * inset); xx < Math.round(x + w * (1 - inset)); xx++) {
      const p = (yy * img.width + xx) * img.channels;
      for (let c = 0; c < 3; c++) sum[c] = sum[c]! + img.data[p + c]!;
      n++;
    }
  }
  return sum.map((v) => v / n) as [number, number, number];
}

/** The largest channel difference between two images of one size inside a box (0: identical there). */
export function maxAbsDiff(a: RawImage, b: RawImage, [x, y, w, h]: Box): number {
  let worst = 0;
  for (let yy = Math.max(0, Math.round(y)); yy < Math.min(a.height, Math.round(y + h)); yy++) {
    for (let xx = Math.max(0, Math.round(x)); xx < Math.min(a.width, Math.round(x + w)); xx++) {
      const p = (yy * a.width + xx) * a.channels, q = (yy * b.width + xx) * b.channels;
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(a.data[p + c]! - b.data[q + c]!));
    }
  }
  return worst;
}
